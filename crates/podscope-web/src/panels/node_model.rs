//! What the Node panel shows: the text the node's terminal prints for `kubectl get pods -o
//! wide` and for the runtime's listings (`crictl ps -a` and `crictl pods` on containerd and
//! CRI-O, `docker ps -a` on Docker), one listing per node, from the core's views.

use podscope_core::model::kubectl::{self, Kubectl};
use podscope_core::views;
use podscope_core::{Runtime, World};

/// One command as typed on the node, and what it prints.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listing {
    /// `node$ crictl ps -a` (the node's name instead of `node` when there are several).
    pub prompt: String,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeView {
    pub listings: Vec<Listing>,
}

/// The command the panel shows the pods with.
const GET_PODS: [&str; 4] = ["get", "pods", "-o", "wide"];

impl NodeView {
    pub fn of(world: &World) -> Self {
        let mut listings = vec![Listing {
            prompt: "node$ kubectl get pods -o wide".to_owned(),
            text: get_pods_wide(world),
        }];
        let nodes = world.nodes();
        for (i, node) in nodes.iter().enumerate() {
            let host = if nodes.len() > 1 {
                node.name.as_str()
            } else {
                "node"
            };
            let shown = match world.runtime() {
                Runtime::Docker => vec![("docker ps -a", views::docker::ps(world, i, true))],
                Runtime::Containerd | Runtime::CriO => vec![
                    ("crictl pods", views::crictl::pods(world, i)),
                    ("crictl ps -a", views::crictl::ps(world, i, true)),
                ],
            };
            listings.extend(shown.into_iter().map(|(cmd, text)| Listing {
                prompt: format!("{host}$ {cmd}"),
                text,
            }));
        }
        NodeView { listings }
    }
}

/// `kubectl get pods -o wide`, parsed by kubectl's one parser and printed by the core's view.
fn get_pods_wide(world: &World) -> String {
    let words: Vec<String> = GET_PODS.iter().map(|w| (*w).to_owned()).collect();
    match kubectl::parse(&words) {
        Ok(Kubectl::Get(get)) => views::kubectl::get::run(world, &get).text,
        Ok(_) => String::new(),
        Err(e) => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use podscope_core::model::time::SimDuration;
    use yew::Reducible;

    use super::*;
    use crate::panels::testing::{first_uid, typed};
    use crate::state::{DEMO_YAML, Msg, State};

    fn view(s: &State) -> NodeView {
        NodeView::of(&s.world().expect("a world"))
    }

    #[test]
    fn the_listings_are_what_the_node_terminal_prints() {
        let s =
            Rc::new(State::new(DEMO_YAML.to_owned())).reduce(Msg::Tick(SimDuration::from_secs(10)));
        let v = view(&s);
        let prompts: Vec<&str> = v.listings.iter().map(|l| l.prompt.as_str()).collect();
        assert_eq!(
            prompts,
            [
                "node$ kubectl get pods -o wide",
                "node$ crictl pods",
                "node$ crictl ps -a"
            ]
        );
        for l in &v.listings {
            let line = l.prompt.trim_start_matches("node$ ");
            assert_eq!(l.text, typed(s.clone(), line), "{line}");
        }
        let pods = &v.listings[0].text;
        let ip = s
            .world()
            .expect("a world")
            .pods()
            .next()
            .and_then(|p| p.ip)
            .expect("an IP");
        assert!(
            pods.starts_with("NAME   READY   STATUS    RESTARTS   AGE   IP "),
            "{pods}"
        );
        assert!(
            pods.contains(&format!("demo   2/2     Running   0          10s   {ip} ")),
            "{pods}"
        );
        assert!(
            v.listings[2].text.contains(" nginx "),
            "{}",
            v.listings[2].text
        );
    }

    #[test]
    fn on_docker_the_runtime_listing_is_docker_ps() {
        let s = Rc::new(State::new(DEMO_YAML.to_owned()))
            .reduce(Msg::Tick(SimDuration::from_secs(10)))
            .reduce(Msg::Runtime(Runtime::Docker));
        let v = view(&s);
        let prompts: Vec<&str> = v.listings.iter().map(|l| l.prompt.as_str()).collect();
        assert_eq!(
            prompts,
            ["node$ kubectl get pods -o wide", "node$ docker ps -a"]
        );
        let docker = &v.listings[1].text;
        assert_eq!(*docker, typed(s.clone(), "docker ps -a"));
        let uid = first_uid(&s);
        for name in [
            format!("k8s_nginx_demo_default_{uid}_0"),
            format!("k8s_busybox_demo_default_{uid}_0"),
            format!("k8s_POD_demo_default_{uid}_0"),
        ] {
            assert!(docker.contains(&name), "{name} in\n{docker}");
        }
        assert!(docker.contains("registry.k8s.io/pause:3.10 "), "{docker}");
    }

    #[test]
    fn several_nodes_get_a_listing_each() {
        let two = "apiVersion: v1\nkind: Node\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Node\nmetadata: {name: b}\n";
        let s = State::new(format!("{two}---\n{DEMO_YAML}"));
        let prompts: Vec<String> = view(&s).listings.into_iter().map(|l| l.prompt).collect();
        assert_eq!(
            prompts,
            [
                "node$ kubectl get pods -o wide",
                "a$ crictl pods",
                "a$ crictl ps -a",
                "b$ crictl pods",
                "b$ crictl ps -a"
            ]
        );
    }
}

//! What the Inspector shows: the core's facts about the selected container and its pod
//! (`views::inspector`), or nothing to show while the node is selected.

use podscope_core::World;
use podscope_core::views::inspector::{self, ContainerFacts, PodFacts};

use crate::session::Target;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InspectorView {
    /// The node is the target: no container to inspect.
    NothingSelected,
    /// The selected pod and container.
    Selected(Box<Selection>),
}

/// The selected container and its pod; either may be gone from the world.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selection {
    pub pod: Option<PodFacts>,
    pub container: Option<ContainerFacts>,
}

impl InspectorView {
    pub fn of(world: &World, target: &Target) -> Self {
        match target {
            Target::Node => InspectorView::NothingSelected,
            Target::Container(key, name) => InspectorView::Selected(Box::new(Selection {
                pod: inspector::pod(world, key),
                container: inspector::container(world, key, name),
            })),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use podscope_core::model::ids::{ContainerName, ObjectKey};
    use podscope_core::model::time::SimDuration;
    use yew::Reducible;

    use super::*;
    use crate::state::{DEMO_YAML, Msg, State};

    /// One nginx container with `resources`.
    fn limited(resources: &str) -> String {
        format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: nginx\n    \
             image: nginx:1.27\n    resources:\n{resources}"
        )
    }

    fn inspected(yaml: &str, pod: &str, container: &str) -> (Rc<State>, PodFacts, ContainerFacts) {
        let target = Target::Container(
            ObjectKey::new("default", pod),
            ContainerName(container.into()),
        );
        let s = Rc::new(State::new(yaml.to_owned()))
            .reduce(Msg::Select(target.clone()))
            .reduce(Msg::Tick(SimDuration::from_secs(10)));
        let view = InspectorView::of(&s.world().expect("a world"), &target);
        let InspectorView::Selected(selection) = view else {
            panic!("nothing inspected: {view:?}");
        };
        let Selection {
            pod: Some(p),
            container: Some(c),
        } = *selection
        else {
            panic!("nothing inspected: {selection:?}");
        };
        (s, p, c)
    }

    /// What `cat /sys/fs/cgroup/FILE` prints in the container.
    fn cat(s: &Rc<State>, file: &str) -> String {
        let s = s
            .clone()
            .reduce(Msg::TermInput(format!("cat /sys/fs/cgroup/{file}")))
            .reduce(Msg::TermRun);
        s.terminal
            .entries
            .back()
            .expect("an entry")
            .output
            .trim()
            .to_owned()
    }

    fn file<'a>(c: &'a ContainerFacts, name: &str) -> Option<&'a str> {
        c.cgroup
            .iter()
            .find(|f| f.name == name)
            .map(|f| f.value.as_str())
    }

    #[test]
    fn a_memory_limit_above_the_request_is_burstable_with_memory_max() {
        let yaml = limited(
            "      requests: {memory: 64Mi, cpu: 100m}\n      limits: {memory: 128Mi, cpu: 500m}\n",
        );
        let (s, p, c) = inspected(&yaml, "web", "nginx");
        assert_eq!(p.qos, Some("Burstable"));
        assert_eq!(file(&c, "memory.max"), Some("134217728"));
        assert_eq!(file(&c, "cpu.max"), Some("50000 100000"));
        for f in &c.cgroup {
            assert_eq!(cat(&s, f.name), f.value, "{}", f.name);
        }
        let oom = c.oom_score_adj.expect("a running container");
        assert!((3..=999).contains(&oom), "Burstable: {oom}");
        assert!(c.lsns.as_deref().is_some_and(|t| t.contains(" net ")));
        assert!(
            c.ps.as_deref()
                .is_some_and(|t| t.contains("nginx: master process")),
            "{:?}",
            c.ps
        );
        assert!(
            c.env.iter().any(|(k, v)| k == "HOSTNAME" && v == "web"),
            "{:?}",
            c.env
        );
    }

    #[test]
    fn equal_requests_and_limits_are_guaranteed() {
        let yaml = limited("      limits: {memory: 128Mi, cpu: 500m}\n");
        let (_, p, c) = inspected(&yaml, "web", "nginx");
        assert_eq!(p.qos, Some("Guaranteed"));
        assert_eq!(c.oom_score_adj, Some(-997));
        assert_eq!(file(&c, "memory.max"), Some("134217728"));
    }

    #[test]
    fn the_demo_pod_is_best_effort_and_shows_its_sandbox() {
        let (_, p, c) = inspected(DEMO_YAML, "demo", "busybox");
        assert_eq!(p.qos, Some("BestEffort"));
        assert_eq!(c.oom_score_adj, Some(1000));
        assert_eq!(file(&c, "memory.max"), Some("max"));
        let sandbox = p.sandbox.expect("a sandbox");
        assert_eq!(sandbox.image, "registry.k8s.io/pause:3.10.1");
        assert!(sandbox.lsns.is_some_and(|t| t.contains("/pause")));
        assert!(c.ps.is_some_and(|t| t.starts_with("PID   USER     TIME  COMMAND\n")));
    }

    #[test]
    fn mounts_show_the_volume_the_mode_and_the_sub_path() {
        let yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: site}\ndata: {index.html: hi}\n---\n\
                    apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n  \
                    - name: nginx\n    image: nginx:1.27\n    volumeMounts:\n    \
                    - {name: cache, mountPath: /cache}\n    \
                    - {name: site, mountPath: /usr/share/nginx/html/index.html, subPath: index.html, readOnly: true}\n  \
                    volumes:\n  - {name: cache, emptyDir: {}}\n  - {name: site, configMap: {name: site}}\n";
        let (_, _, c) = inspected(yaml, "web", "nginx");
        let mut mounts: Vec<(&str, &str, bool, &str)> = c
            .mounts
            .iter()
            .map(|m| {
                (
                    m.volume.as_str(),
                    m.path.as_str(),
                    m.read_only,
                    m.sub_path.as_str(),
                )
            })
            .collect();
        mounts.sort();
        assert_eq!(
            mounts,
            [
                ("cache", "/cache", false, ""),
                // The ServiceAccount admission plugin's projected token volume.
                (
                    "kube-api-access-sg8cx",
                    "/var/run/secrets/kubernetes.io/serviceaccount",
                    true,
                    ""
                ),
                (
                    "site",
                    "/usr/share/nginx/html/index.html",
                    true,
                    "index.html"
                )
            ]
        );
    }

    #[test]
    fn the_node_selected_inspects_nothing() {
        let s = State::new(DEMO_YAML.to_owned());
        let v = InspectorView::of(&s.world().expect("a world"), &Target::Node);
        assert_eq!(v, InspectorView::NothingSelected);
    }
}

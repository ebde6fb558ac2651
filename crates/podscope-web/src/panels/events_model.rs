//! What the Events panel shows: the rows of `kubectl describe pod`'s Events table for the
//! selected pod (every pod's when the node is selected), from the core's own row builder, so
//! the words, ages and order are describe's.

use podscope_core::World;
use podscope_core::model::ids::ObjectKey;
use podscope_core::sim::event::InvolvedKind;
use podscope_core::views::kubectl::describe::events::{self, EventRow};

use crate::session::Target;

/// Whose events the panel lists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// One pod's, as `kubectl describe pod NAME` lists them.
    Pod(ObjectKey),
    /// Every pod's, each worded as describe words it for its pod.
    AllPods,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventsView {
    pub scope: Scope,
    /// Oldest `lastTimestamp` first, as kubectl prints them.
    pub rows: Vec<EventRow>,
}

impl EventsView {
    pub fn of(world: &World, target: &Target) -> Self {
        match target {
            Target::Container(key, _) => EventsView {
                scope: Scope::Pod(key.clone()),
                rows: events::rows(world, InvolvedKind::Pod, key, world.pod_by_key(key)),
            },
            Target::Node => EventsView {
                scope: Scope::AllPods,
                rows: events::all_pod_rows(world),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use podscope_core::model::ids::ContainerName;
    use podscope_core::model::time::SimDuration;
    use podscope_core::sim::event::EventType;
    use yew::Reducible;

    use super::*;
    use crate::panels::testing::{first_uid, typed};
    use crate::state::{DEMO_YAML, Msg, State};

    fn demo() -> ObjectKey {
        ObjectKey::new("default", "demo")
    }

    fn kill_nginx() -> Msg {
        Msg::Kill {
            pod: demo(),
            container: ContainerName("nginx".into()),
        }
    }

    fn run(msgs: Vec<Msg>) -> Rc<State> {
        msgs.into_iter()
            .fold(Rc::new(State::new(DEMO_YAML.to_owned())), |s, m| {
                s.reduce(m)
            })
    }

    fn secs(n: u64) -> Msg {
        Msg::Tick(SimDuration::from_secs(n))
    }

    /// The Events lines `kubectl describe pod demo` prints on the node's terminal, each split
    /// into its cells (describe's tabwriter pads with at least two spaces).
    fn described(s: Rc<State>) -> Vec<Vec<String>> {
        let out = typed(s, "kubectl describe pod demo");
        let events = out.split("\nEvents:\n").nth(1).expect("an Events table");
        events
            .lines()
            .skip(2)
            .map(|l| {
                l.trim()
                    .split("  ")
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .collect()
    }

    fn cells(r: &EventRow) -> Vec<String> {
        vec![
            r.kind.as_str().to_owned(),
            r.reason.to_owned(),
            r.age.clone(),
            r.from.to_owned(),
            r.message.clone(),
        ]
    }

    #[test]
    fn killing_nginx_twice_shows_the_restarts_and_the_back_off_as_describe_does() {
        let s = run(vec![secs(10), kill_nginx(), secs(5), kill_nginx(), secs(5)]);
        let v = EventsView::of(&s.world().expect("a world"), &s.target);
        assert_eq!(v.scope, Scope::Pod(demo()), "busybox of demo is selected");
        let rows: Vec<Vec<String>> = v.rows.iter().map(cells).collect();
        assert_eq!(rows, described(s.clone()), "the same rows as describe");
        let nginx: Vec<(&str, &str)> = v
            .rows
            .iter()
            .filter(|r| r.message.starts_with("spec.containers{nginx}"))
            .map(|r| (r.reason, r.age.as_str()))
            .collect();
        assert_eq!(
            nginx,
            [
                ("Pulling", "19s"),
                ("Pulled", "15s"),
                ("Created", "9s (x2 over 15s)"),
                ("Started", "9s (x2 over 15s)"),
                ("Pulled", "9s"),
                ("BackOff", "4s"),
            ]
        );
        let last = v.rows.last().expect("rows");
        assert_eq!(last.kind, EventType::Warning);
        assert_eq!(last.from, "kubelet");
        let uid = first_uid(&s);
        assert_eq!(
            last.message,
            format!(
                "spec.containers{{nginx}}: Back-off restarting failed container nginx in pod demo_default({uid})"
            )
        );

        // Ages follow the simulated clock (and the back-off let nginx start a third time).
        let later = s.reduce(secs(60));
        let v = EventsView::of(&later.world().expect("a world"), &later.target);
        let created = v
            .rows
            .iter()
            .find(|r| r.reason == "Created" && r.message.contains("nginx"));
        assert_eq!(created.map(|r| r.age.as_str()), Some("55s (x3 over 75s)"));
    }

    #[test]
    fn killing_pause_shows_sandbox_changed_and_killing() {
        let s = run(vec![secs(10), Msg::KillSandbox(demo()), secs(1)]);
        let v = EventsView::of(&s.world().expect("a world"), &s.target);
        let reasons: Vec<&str> = v.rows.iter().map(|r| r.reason).collect();
        assert!(
            reasons.ends_with(&["SandboxChanged", "Killing", "Killing"]),
            "{reasons:?}"
        );
        assert_eq!(
            v.rows.iter().rev().nth(2).map(|r| r.message.as_str()),
            Some("Pod sandbox changed, it will be killed and re-created.")
        );
    }

    #[test]
    fn the_node_selected_lists_every_pods_events() {
        let two = format!(
            "{DEMO_YAML}---\n{}",
            DEMO_YAML.replace("name: demo", "name: other")
        );
        let s = Rc::new(State::new(two))
            .reduce(Msg::Select(Target::Node))
            .reduce(secs(10));
        let v = EventsView::of(&s.world().expect("a world"), &s.target);
        assert_eq!(v.scope, Scope::AllPods);
        let pods: podscope_collections::Set<&str> =
            v.rows.iter().map(|r| r.key.name.as_str()).collect();
        assert_eq!(pods.into_iter().collect::<Vec<_>>(), ["demo", "other"]);
    }
}

//! What the Runtimes tab shows: the page's manifest and recording played under containerd,
//! CRI-O and Docker (the core's `scenario::compare`), as rows of three texts. It is built
//! only when the manifest or the recording changed, not on every tick: the three worlds are
//! played to the page's time when it is built.

use std::rc::Rc;

use podscope_core::model::time::SimDuration;
use podscope_core::scenario::compare::compare_runtimes;
use podscope_core::scenario::script::Scenario;
use podscope_core::views::compare::Comparison;
use podscope_core::{DEFAULT_SEED, Runtime, WorldOptions};

/// What the comparison is built from: the manifest the world started from (`None` while there
/// is no world) and the recording, at the world's time. Equal inputs have the same manifest and the same recording (the very
/// one: a reset or a new world makes a new one); the time is left out, so a tick rebuilds
/// nothing.
#[derive(Clone, Debug)]
pub struct CompareInput {
    pub manifest: Option<Rc<str>>,
    pub script: Rc<Scenario>,
    pub at: SimDuration,
}

impl PartialEq for CompareInput {
    fn eq(&self, other: &Self) -> bool {
        self.manifest == other.manifest && Rc::ptr_eq(&self.script, &other.script)
    }
}

/// One runtime's column heading.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    pub runtime: Runtime,
    /// The release podscope mimics (`Runtime::describe`).
    pub title: &'static str,
}

/// One runtime's text for a row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompareCell {
    pub runtime: Runtime,
    /// `node$ crictl ps -a`, for the texts a command prints.
    pub prompt: Option<String>,
    /// The text; `None` when the world has nothing to show yet (no sandbox, no container).
    pub text: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompareRow {
    pub label: String,
    pub cells: Vec<CompareCell>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CompareView {
    /// The manifest has errors: there is nothing to play.
    NoWorld,
    Shown {
        /// The time the worlds were played to (`15s`).
        at: String,
        /// The pod the per-pod rows are about (`default/demo`).
        pod: Option<String>,
        columns: Vec<Column>,
        rows: Vec<CompareRow>,
    },
}

impl CompareView {
    pub fn of(input: &CompareInput) -> Self {
        let Some(manifest) = &input.manifest else {
            return CompareView::NoWorld;
        };
        let mut recording = (*input.script).clone();
        // Past the format's 30-day limit the recording replays to its last step, as the
        // page's own recording does (`State::recording`).
        let _ = recording.set_end(input.at);
        match compare_runtimes(manifest, &recording, DEFAULT_SEED, WorldOptions::default()) {
            Some(c) => CompareView::from_comparison(&c),
            None => CompareView::NoWorld,
        }
    }

    fn from_comparison(c: &Comparison) -> Self {
        CompareView::Shown {
            at: c.at.to_string(),
            pod: c.pod.as_ref().map(ToString::to_string),
            columns: c
                .runtimes
                .iter()
                .map(|&runtime| Column {
                    runtime,
                    title: runtime.describe(),
                })
                .collect(),
            rows: c
                .rows
                .iter()
                .map(|r| CompareRow {
                    label: r.aspect.label(),
                    cells: r
                        .cells
                        .iter()
                        .map(|cell| CompareCell {
                            runtime: cell.runtime,
                            prompt: cell.command.map(|cmd| format!("node$ {cmd}")),
                            text: cell.text.clone(),
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use podscope_core::model::ids::{ContainerName, ObjectKey};
    use yew::Reducible;

    use super::*;
    use crate::panels::testing::first_uid;
    use crate::state::{DEMO_YAML, Msg, State};

    fn played() -> Rc<State> {
        [
            Msg::Tick(SimDuration::from_secs(10)),
            Msg::Kill {
                pod: ObjectKey::new("default", "demo"),
                container: ContainerName("nginx".into()),
            },
            Msg::Tick(SimDuration::from_secs(5)),
        ]
        .into_iter()
        .fold(Rc::new(State::new(DEMO_YAML.to_owned())), |s, m| {
            s.reduce(m)
        })
    }

    #[test]
    fn the_three_runtimes_side_by_side_at_the_pages_time() {
        let s = played();
        let uid = first_uid(&s);
        let CompareView::Shown {
            at,
            pod,
            columns,
            rows,
        } = CompareView::of(&s.compare_input())
        else {
            panic!("a comparison");
        };
        assert_eq!(at, "15s");
        assert_eq!(pod.as_deref(), Some("default/demo"));
        let runtimes: Vec<Runtime> = columns.iter().map(|c| c.runtime).collect();
        assert_eq!(runtimes, Runtime::ALL.to_vec());
        assert_eq!(
            columns[1].title,
            "CRI-O 1.35 (crun, conmon, drop_infra_ctr)"
        );
        let listing = rows
            .iter()
            .find(|r| r.label == "the runtime's listing")
            .expect("the listings");
        let prompts: Vec<Option<&str>> =
            listing.cells.iter().map(|c| c.prompt.as_deref()).collect();
        assert_eq!(
            prompts,
            [
                Some("node$ crictl ps -a"),
                Some("node$ crictl ps -a"),
                Some("node$ docker ps -a")
            ]
        );
        let docker = listing.cells[2].text.as_deref().unwrap_or_default();
        assert!(
            docker.contains(&format!("k8s_nginx_demo_default_{uid}_0"))
                && docker.contains(&format!("k8s_nginx_demo_default_{uid}_1")),
            "the killed nginx and its restart, under Docker's names: {docker}"
        );
        // The page's own world (containerd) prints the same listing as the comparison's.
        assert_eq!(
            listing.cells[0].text.as_deref().map(str::trim_end),
            Some(crate::panels::testing::typed(s.clone(), "crictl ps -a").trim_end())
        );
        let name = rows
            .iter()
            .find(|r| r.label == "nginx: runtime name")
            .expect("nginx's names");
        let names: Vec<Option<&str>> = name.cells.iter().map(|c| c.text.as_deref()).collect();
        let docker_name = format!("k8s_nginx_demo_default_{uid}_1");
        assert_eq!(
            names,
            [Some("nginx"), Some("nginx"), Some(docker_name.as_str())]
        );
    }

    #[test]
    fn a_tick_keeps_the_input_an_action_or_a_reset_changes_it() {
        let s = played();
        let before = s.compare_input();
        let ticked = s.clone().reduce(Msg::Tick(SimDuration::from_secs(3)));
        assert_eq!(ticked.compare_input(), before, "a tick rebuilds nothing");
        assert_ne!(ticked.compare_input().at, before.at, "though time went on");
        let killed = ticked.clone().reduce(Msg::Kill {
            pod: ObjectKey::new("default", "demo"),
            container: ContainerName("busybox".into()),
        });
        assert_ne!(
            killed.compare_input(),
            before,
            "a new action: a new comparison"
        );
        let reset = killed.clone().reduce(Msg::Reset);
        assert_ne!(reset.compare_input(), killed.compare_input());
        let edited = s.reduce(Msg::Edit(format!("{DEMO_YAML}# edited\n")));
        assert_ne!(edited.compare_input(), before, "a new manifest");
    }

    #[test]
    fn a_manifest_with_errors_shows_no_world() {
        let s = State::new("kind: [".to_owned());
        assert_eq!(CompareView::of(&s.compare_input()), CompareView::NoWorld);
    }
}

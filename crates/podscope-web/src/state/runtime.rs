//! `Msg::Runtime`: the runtime setting. The world is rebuilt on the chosen runtime from the
//! manifest it started from, and the recording replayed into it, as `Msg::Load` replays a
//! script: the same actions at the same times, now on containerd, CRI-O or Docker. The
//! editor keeps its text (held, if the world did not start from it), as a reload does.

use std::rc::Rc;

use podscope_core::Runtime;

use super::State;

impl State {
    pub(super) fn on_runtime(self: Rc<Self>, runtime: Runtime) -> Rc<Self> {
        if runtime == self.runtime {
            return self;
        }
        let mut next = (*self).clone();
        next.runtime = runtime;
        if next.live.is_none() {
            // No world to rebuild: the next valid text starts on the new runtime.
            return Rc::new(next);
        }
        let recording = next.recording().to_string();
        let text = next.yaml.clone();
        let manifest = next.base_yaml.clone();
        let mut next = next.with_scenario(manifest, &recording);
        if next.yaml != text {
            next = next.hold(text);
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use podscope_core::model::ids::{ContainerName, ObjectKey};
    use podscope_core::model::time::{SimDuration, SimTime};
    use yew::Reducible;

    use super::*;
    use crate::state::{DEMO_YAML, Msg};

    fn kill_nginx() -> Msg {
        Msg::Kill {
            pod: ObjectKey::new("default", "demo"),
            container: ContainerName("nginx".into()),
        }
    }

    #[test]
    fn a_new_runtime_replays_the_recording_on_a_new_world() {
        let s = [
            Msg::Tick(SimDuration::from_secs(10)),
            kill_nginx(),
            Msg::Tick(SimDuration::from_secs(5)),
        ]
        .into_iter()
        .fold(Rc::new(State::new(DEMO_YAML.to_owned())), |s, m| {
            s.reduce(m)
        });
        let before = s.live.clone().expect("a world");
        let docker = s.clone().reduce(Msg::Runtime(Runtime::Docker));
        assert_eq!(docker.runtime, Runtime::Docker);
        assert_eq!(docker.action_error, None);
        let live = docker.live.clone().expect("a world");
        assert!(!live.same_world(&before), "a new world");
        let world = live.get();
        assert_eq!(world.runtime(), Runtime::Docker);
        assert_eq!(world.now(), SimTime::from_millis(15_000), "replayed to now");
        let pod = world.pods().next().expect("a pod");
        assert_eq!(pod.containers[1].restart_count, 1, "the kill replayed");
        drop(world);
        assert_eq!(docker.recording(), s.recording(), "the same recording");
        assert_eq!(docker.yaml, s.yaml);

        let same = docker.clone().reduce(Msg::Runtime(Runtime::Docker));
        assert!(Rc::ptr_eq(&same, &docker), "choosing it again does nothing");
        let back = docker.reduce(Msg::Runtime(Runtime::Containerd));
        assert_eq!(
            format!("{:?}", back.world().expect("a world")),
            format!("{:?}", before.get()),
            "back on containerd, the same world as before"
        );
    }

    #[test]
    fn a_held_text_stays_held_and_a_broken_one_waits_for_a_world() {
        let s = Rc::new(State::new(DEMO_YAML.to_owned()))
            .reduce(Msg::Mode(crate::state::EditMode::Hold))
            .reduce(Msg::Edit(format!("{DEMO_YAML}# edited\n")));
        assert!(s.held());
        let s = s.reduce(Msg::Runtime(Runtime::CriO));
        assert!(s.held(), "the edit is still held");
        assert_eq!(s.yaml, format!("{DEMO_YAML}# edited\n"));
        assert_eq!(s.world().expect("a world").runtime(), Runtime::CriO);

        let broken =
            Rc::new(State::new("kind: [".to_owned())).reduce(Msg::Runtime(Runtime::Docker));
        assert!(broken.live.is_none());
        let fixed = broken.reduce(Msg::Edit(DEMO_YAML.to_owned()));
        assert_eq!(fixed.world().expect("a world").runtime(), Runtime::Docker);
    }
}

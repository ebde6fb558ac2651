//! Guided tours (the embed's TourBox): a scenario's narration read stop by stop. Open
//! rebuilds the world at time zero and runs to the first stop; Next plays the segment to the
//! next stop; Back replays from time zero to the previous stop (the world is deterministic,
//! so a replay is exact). When the segment holds an action the reader can do in the diagram
//! (a kill, a pod deleted), the reader's own action counts as Next. Autoplay runs the clock
//! at 1× and takes each stop as the clock reaches it.

use std::rc::Rc;

use podscope_core::Command;
use podscope_core::model::time::{SimDuration, SimTime};
use podscope_core::scenario::script::{Scenario, Step, Transcript};

use podscope_core::model::refs::{ContainerRef, PodRef};
use podscope_core::model::signal::Signal;
use podscope_core::views::layout::ContainerAction;

use super::{Msg, State};
use crate::clock::Speed;
use crate::session::TermEntry;

/// An open tour: the scenario and where the reader stands.
#[derive(Clone, Debug, PartialEq)]
pub struct Tour {
    /// The manifest every replay starts from (the editor's text may change after it).
    pub manifest: Rc<str>,
    pub scenario: Rc<Scenario>,
    /// The stop shown, from 0; `stops()` when the last segment has played (the end).
    pub position: usize,
    /// The clock plays and takes each stop as it reaches it.
    pub autoplay: bool,
}

impl Tour {
    /// How many stops the tour has.
    pub fn len(&self) -> usize {
        self.scenario.stops().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether the last segment has played.
    pub fn at_end(&self) -> bool {
        self.position >= self.len()
    }

    /// The narration of the stop shown (`None` at the end).
    pub fn text(&self) -> Option<&str> {
        self.scenario
            .stop(self.position)
            .map(|s| s.narration.text.as_str())
    }

    /// The first action of the coming segment that the reader can do in the diagram: the
    /// TourBox invites the reader to do it, and doing it counts as Next.
    pub fn invited(&self) -> Option<&Command> {
        self.scenario
            .stop(self.position)?
            .segment
            .iter()
            .map(|s| &s.command)
            .find(|c| is_reader_action(c))
    }

    /// Where the stop shown stands on the clock (the horizon at the end).
    fn at(&self) -> SimDuration {
        self.scenario
            .stop(self.position)
            .map_or_else(|| self.scenario.horizon(), |s| s.narration.at)
    }

    /// The steps played from time zero to stand where the tour stands.
    fn played(&self) -> &[Step] {
        match self.scenario.stop(self.position) {
            Some(stop) => stop.before,
            None => self.scenario.steps(),
        }
    }
}

/// An action the diagram offers: a container killed, the pause container killed, a pod
/// deleted.
fn is_reader_action(command: &Command) -> bool {
    matches!(
        command,
        Command::Kill { .. } | Command::KillSandbox { .. } | Command::Delete { .. }
    )
}

/// Whether the reader's `command` is the one the tour invites (a kill with another signal
/// still counts: the diagram's menu offers TERM and KILL).
fn same_action(invited: &Command, done: &Command) -> bool {
    match (invited, done) {
        (Command::Kill { target: a, .. }, Command::Kill { target: b, .. }) => a == b,
        (Command::KillSandbox { pod: a }, Command::KillSandbox { pod: b }) => a == b,
        (Command::Delete { pod: a, .. }, Command::Delete { pod: b, .. }) => a == b,
        _ => false,
    }
}

/// The command a message of the reader's carries out in the diagram, if it is one a tour
/// may invite.
pub(super) fn reader_command(msg: &Msg) -> Option<Command> {
    let command = match msg {
        Msg::Kill { pod, container } => Command::Kill {
            target: ContainerRef::new(pod, container),
            signal: Signal::KILL,
        },
        Msg::ContainerAction {
            pod,
            container,
            action: ContainerAction::Signal(signal),
        } => Command::Kill {
            target: ContainerRef::new(pod, container),
            signal: *signal,
        },
        Msg::KillSandbox(pod) => Command::KillSandbox {
            pod: PodRef::Pod(pod.clone()),
        },
        Msg::Delete(pod) => Command::Delete {
            pod: PodRef::Pod(pod.clone()),
            grace: None,
        },
        _ => return None,
    };
    Some(command)
}

/// Whether a message replaces the world the tour walks (a new text, another scenario or
/// example, the clock's reset): the tour closes.
pub(super) fn closes_tour(msg: &Msg) -> bool {
    matches!(
        msg,
        Msg::Edit(_)
            | Msg::Load { .. }
            | Msg::Example(_)
            | Msg::ConfirmExample
            | Msg::RestoreText
            | Msg::OpenLink(_)
            | Msg::RestoreKept
            | Msg::Reset
            | Msg::Apply
            | Msg::ApplyFix(_)
    )
}

impl State {
    /// `Msg::TourOpen`: the manifest in a new world at time zero, played to the first stop.
    /// A scenario without narration has no stops: it plays whole, as `Msg::Load` does.
    pub(super) fn tour_open(self: Rc<Self>, yaml: String, scenario: Scenario) -> Rc<Self> {
        if scenario.stops().len() == 0 {
            let script = scenario.to_string();
            let mut next = (*self).clone().with_scenario(yaml, &script);
            next.tour = None;
            return Rc::new(next);
        }
        let mut next = (*self).clone();
        next.tour = Some(Tour {
            manifest: Rc::from(yaml.as_str()),
            scenario: Rc::new(scenario),
            position: 0,
            autoplay: false,
        });
        Rc::new(next.tour_to(0))
    }

    /// `Msg::TourNext`: the segment after the stop shown plays, to the next stop (or the end).
    pub(super) fn tour_next(self: Rc<Self>) -> Rc<Self> {
        let Some(tour) = self.tour.clone() else {
            return self;
        };
        if tour.at_end() || self.live.is_none() {
            return self;
        }
        let mut next = (*self).clone();
        // The reader moved on from the stop (the clock ran, or an action of their own): back
        // to the stop first, so Next always plays the tour as written.
        let untouched = next.script.steps() == tour.played()
            && next.world().map(|w| w.now()) == Some(SimTime::ZERO + tour.at());
        if !untouched {
            next = next.tour_to(tour.position);
        }
        let transcript = next
            .live
            .as_mut()
            .and_then(|live| live.change(|w| tour.scenario.run_segment(w, tour.position)));
        next.show(transcript);
        let position = tour.position + 1;
        next.set_recording(&tour.scenario, position);
        next.action_error = None;
        next.tour = Some(Tour { position, ..tour });
        Rc::new(next)
    }

    /// `Msg::TourBack`: a replay from time zero to the stop before the one shown.
    pub(super) fn tour_back(self: Rc<Self>) -> Rc<Self> {
        match self.tour.as_ref().map(|t| t.position) {
            Some(position) if position > 0 => Rc::new((*self).clone().tour_to(position - 1)),
            _ => self,
        }
    }

    /// `Msg::TourRestart`: back to the first stop.
    pub(super) fn tour_restart(self: Rc<Self>) -> Rc<Self> {
        if self.tour.is_none() {
            return self;
        }
        Rc::new((*self).clone().tour_to(0))
    }

    /// `Msg::Autoplay`: the clock plays at 1× and the tour follows it from stop to stop (or
    /// stops following it).
    pub(super) fn autoplay(self: Rc<Self>, on: bool) -> Rc<Self> {
        self.with(|s| {
            if let Some(tour) = &mut s.tour {
                tour.autoplay = on;
            }
            s.clock.playing = on;
            if on {
                s.clock.speed = Speed::default();
            }
        })
    }

    /// Autoplay on a clock tick: every stop the clock reaches on its way to `t` is taken (its
    /// segment played in place), then the clock goes on to `t`.
    pub(super) fn autoplay_to(self: Rc<Self>, t: SimTime) -> Rc<Self> {
        let mut next = (*self).clone();
        while let Some(tour) = next.tour.clone().filter(|t| t.autoplay && !t.at_end()) {
            let stop_end = tour
                .scenario
                .stop(tour.position)
                .map_or(SimDuration::ZERO, |s| s.next_at);
            if SimTime::ZERO + stop_end > t {
                break;
            }
            next = Rc::new(next).tour_next().as_ref().clone();
        }
        if let Some(live) = &mut next.live
            && live.get().now() < t
        {
            live.change(|w| w.advance_to(t));
        }
        Rc::new(next)
    }

    /// Whether the reader's action is the one the tour invites: then it plays as Next.
    pub(super) fn tour_takes(&self, command: &Command) -> bool {
        self.tour
            .as_ref()
            .and_then(Tour::invited)
            .is_some_and(|invited| same_action(invited, command))
    }

    /// A new world at time zero, played to stop `position`; the recording is what was played.
    fn tour_to(mut self, position: usize) -> Self {
        let Some(tour) = self.tour.clone() else {
            return self;
        };
        self = self.with_yaml(tour.manifest.to_string());
        self.clock.playing = tour.autoplay;
        Rc::make_mut(&mut self.terminal).clear();
        let transcript = self
            .live
            .as_mut()
            .and_then(|live| live.change(|w| tour.scenario.run_to_stop(w, position)));
        self.show(transcript);
        self.set_recording(&tour.scenario, position);
        self.tour = Some(Tour { position, ..tour });
        self
    }

    /// The steps the tour played up to stop `position` become the recording.
    fn set_recording(&mut self, scenario: &Scenario, position: usize) {
        let played = match scenario.stop(position) {
            Some(stop) => stop.before,
            None => scenario.steps(),
        };
        let mut script = Scenario::new();
        for step in played {
            let _ = script.push(step.at, step.command.clone());
        }
        self.script = Rc::new(script);
    }

    /// The transcript of what was played (a tour's stop, an example's scenario), on the
    /// terminal.
    pub(super) fn show(&mut self, transcript: Option<Transcript>) {
        let terminal = Rc::make_mut(&mut self.terminal);
        for entry in transcript.map(|t| t.entries).unwrap_or_default() {
            terminal.push(TermEntry::ran(
                entry.at,
                entry.command,
                entry.ps1,
                entry.result,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use podscope_core::model::ids::{ContainerName, ObjectKey};
    use podscope_core::scenario::examples::ExampleId;
    use yew::Reducible;

    use super::*;
    use crate::state::DEMO_YAML;

    fn open(id: ExampleId) -> Rc<State> {
        let example = id.get();
        let scenario: Scenario = example.script.parse().expect("the example's script parses");
        Rc::new(State::on(example.runtime, example.yaml.to_owned())).reduce(Msg::TourOpen {
            yaml: example.yaml.to_owned(),
            scenario,
        })
    }

    fn now(s: &State) -> SimTime {
        s.world().expect("a world").now()
    }

    /// The world of a fresh replay of `scenario` to stop `i`: what the tour must show.
    fn fresh(id: ExampleId, i: usize) -> String {
        let example = id.get();
        let scenario: Scenario = example.script.parse().unwrap();
        let s = Rc::new(State::on(example.runtime, example.yaml.to_owned()));
        let mut world = s.world().unwrap().clone();
        scenario.run_to_stop(&mut world, i).unwrap();
        format!("{world:?}")
    }

    #[test]
    fn every_example_tour_walks_to_its_end_and_back() {
        for id in ExampleId::ALL {
            let mut s = open(id);
            let tour = s.tour.clone().expect("every example has narration");
            let n = tour.len();
            assert!((2..=5).contains(&n), "{id:?}: {n} stops");
            assert_eq!(tour.position, 0);
            assert_eq!(format!("{:?}", *s.world().unwrap()), fresh(id, 0), "{id:?}");
            assert!(!s.clock.playing, "a tour waits for the reader");
            for i in 1..=n {
                s = s.reduce(Msg::TourNext);
                let tour = s.tour.as_ref().unwrap();
                assert_eq!(tour.position, i, "{id:?}");
                if i < n {
                    // Next leaves the world exactly where a replay to that stop does.
                    assert_eq!(
                        format!("{:?}", *s.world().unwrap()),
                        fresh(id, i),
                        "{id:?} stop {i}"
                    );
                    assert_eq!(
                        now(&s),
                        SimTime::ZERO + tour.scenario.stop(i).unwrap().narration.at
                    );
                } else {
                    assert!(tour.at_end() && tour.text().is_none());
                    assert_eq!(now(&s), SimTime::ZERO + tour.scenario.horizon());
                }
                assert_eq!(s.script.steps(), tour.played(), "the recording is what ran");
            }
            let end = s.clone().reduce(Msg::TourNext);
            assert!(Rc::ptr_eq(&end, &s), "{id:?}: Next at the end does nothing");
            for i in (0..n).rev() {
                s = s.reduce(Msg::TourBack);
                assert_eq!(s.tour.as_ref().unwrap().position, i);
                assert_eq!(
                    format!("{:?}", *s.world().unwrap()),
                    fresh(id, i),
                    "{id:?} back to {i}"
                );
            }
            let first = s.clone().reduce(Msg::TourBack);
            assert!(
                Rc::ptr_eq(&first, &s),
                "Back at the first stop does nothing"
            );
        }
    }

    #[test]
    fn restart_goes_back_to_the_first_stop_from_anywhere() {
        let s = open(ExampleId::Demo)
            .reduce(Msg::TourNext)
            .reduce(Msg::TourNext)
            .reduce(Msg::Tick(SimDuration::from_secs(30)))
            .reduce(Msg::TourRestart);
        assert_eq!(s.tour.as_ref().unwrap().position, 0);
        assert_eq!(
            format!("{:?}", *s.world().unwrap()),
            fresh(ExampleId::Demo, 0)
        );
        assert!(s.script.steps().is_empty());
    }

    #[test]
    fn next_after_the_clock_moved_on_still_plays_the_tour_as_written() {
        let ticked = open(ExampleId::Demo)
            .reduce(Msg::Tick(SimDuration::from_secs(40)))
            .reduce(Msg::TourNext);
        let straight = open(ExampleId::Demo).reduce(Msg::TourNext);
        assert_eq!(
            format!("{:?}", *ticked.world().unwrap()),
            format!("{:?}", *straight.world().unwrap())
        );
    }

    #[test]
    fn the_readers_own_kill_is_the_invited_next_step() {
        // The demo: stop 1 ("Now kill nginx") is followed by `kill demo/nginx`.
        let at_kill = open(ExampleId::Demo).reduce(Msg::TourNext);
        let tour = at_kill.tour.clone().unwrap();
        assert_eq!(tour.position, 1);
        assert_eq!(
            tour.invited().map(|c| c.to_string()).as_deref(),
            Some("kill demo/nginx")
        );
        let by_reader = at_kill.clone().reduce(Msg::Kill {
            pod: ObjectKey {
                namespace: "default".into(),
                name: "demo".into(),
            },
            container: ContainerName("nginx".into()),
        });
        let by_next = at_kill.clone().reduce(Msg::TourNext);
        assert_eq!(by_reader.tour.as_ref().unwrap().position, 2);
        assert_eq!(
            format!("{:?}", *by_reader.world().unwrap()),
            format!("{:?}", *by_next.world().unwrap())
        );
        // Another container's kill is the reader's own action, not the tour's.
        let other = at_kill.reduce(Msg::Kill {
            pod: ObjectKey {
                namespace: "default".into(),
                name: "demo".into(),
            },
            container: ContainerName("busybox".into()),
        });
        assert_eq!(other.tour.as_ref().unwrap().position, 1);
        assert_eq!(
            other.script.steps().len(),
            2,
            "recorded after the tour's steps"
        );
    }

    #[test]
    fn autoplay_takes_each_stop_as_the_clock_reaches_it() {
        let s = open(ExampleId::Demo).reduce(Msg::Autoplay(true));
        assert!(s.clock.playing && s.tour.as_ref().unwrap().autoplay);
        let n = s.tour.as_ref().unwrap().len();
        let mut s = s;
        for _ in 0..200 {
            s = s.reduce(Msg::Elapsed(SimDuration::from_millis(250)));
        }
        let tour = s.tour.clone().unwrap();
        assert_eq!(
            tour.position, n,
            "50 s at 1x runs the demo's 14 s tour to its end"
        );
        assert_eq!(now(&s), SimTime::from_millis(50_000 + 6_000));
        let paused = s.reduce(Msg::Autoplay(false));
        assert!(!paused.clock.playing);
    }

    #[test]
    fn a_tour_of_a_manifest_with_errors_keeps_its_text_and_its_narration() {
        let scenario: Scenario = "at 1s say hello\nat 2s say again\n".parse().unwrap();
        let s = Rc::new(State::new(DEMO_YAML.to_owned())).reduce(Msg::TourOpen {
            yaml: "kind: [".to_owned(),
            scenario,
        });
        assert_eq!(s.yaml, "kind: [", "the editor shows the tour's text");
        assert!(!s.diagnostics.is_empty());
        assert_eq!(s.tour.as_ref().unwrap().text(), Some("hello"));
        let s = s.reduce(Msg::TourNext);
        assert_eq!(s.yaml, "kind: [");
    }

    #[test]
    fn a_scenario_without_narration_plays_whole_and_opens_no_tour() {
        let scenario: Scenario = "at 5s kill demo/nginx\nat 8s end\n".parse().unwrap();
        let s = Rc::new(State::new(DEMO_YAML.to_owned())).reduce(Msg::TourOpen {
            yaml: DEMO_YAML.to_owned(),
            scenario,
        });
        assert!(s.tour.is_none());
        assert_eq!(now(&s), SimTime::from_millis(8_000));
        assert_eq!(s.script.steps().len(), 1);
        let same = s.clone().reduce(Msg::TourNext);
        assert!(Rc::ptr_eq(&same, &s));
    }
}

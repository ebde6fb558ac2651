//! Guided tours: a scenario with narration read as stops, one per narration step, and the
//! two moves an embed's Next and Back need. The world is deterministic, so Back is a replay
//! from time zero to the previous stop, and Next plays the steps up to the next stop.

use super::{Narration, Scenario, Step, Transcript, transcript::run_steps};
use crate::model::time::SimDuration;
use crate::sim::world::World;

/// One stop of a tour: a narration step, where the reader stands when it shows, and what
/// happens between it and the next stop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stop<'a> {
    /// Its place among the stops, from 0.
    pub index: usize,
    pub narration: &'a Narration,
    /// Every step written before the narration: played from time zero to reach this stop.
    pub before: &'a [Step],
    /// The steps between this stop and the next one (or the end): what Next plays, or what
    /// the reader is asked to do.
    pub segment: &'a [Step],
    /// Where Next leaves the clock: the next stop's time, or the scenario's horizon after the
    /// last stop.
    pub next_at: SimDuration,
}

impl Scenario {
    /// The tour's stops, in order: one per narration step.
    pub fn stops(&self) -> impl ExactSizeIterator<Item = Stop<'_>> + '_ {
        let stop = |(index, narration)| self.stop_of(index, narration);
        self.narration.iter().enumerate().map(stop)
    }

    /// Stop `index`, if the scenario has that many narration steps.
    pub fn stop(&self, index: usize) -> Option<Stop<'_>> {
        Some(self.stop_of(index, self.narration.get(index)?))
    }

    fn stop_of<'a>(&'a self, index: usize, narration: &'a Narration) -> Stop<'a> {
        let next = self.narration.get(index + 1);
        let from = narration.before_step.min(self.steps.len());
        let to = next.map_or(self.steps.len(), |n| n.before_step.min(self.steps.len()));
        Stop {
            index,
            narration,
            before: self.steps.get(..from).unwrap_or_default(),
            segment: self.steps.get(from..to).unwrap_or_default(),
            next_at: next.map_or_else(|| self.horizon(), |n| n.at),
        }
    }

    /// Opening the tour at stop `index`, or Back to it: plays the steps before it into `world`
    /// (a world fresh from the manifest, at time zero) and advances its clock to the stop's
    /// time. The transcript holds those steps and the narration before this stop. `None` when
    /// there is no such stop.
    pub fn run_to_stop(&self, world: &mut World, index: usize) -> Option<Transcript> {
        let stop = self.stop(index)?;
        self.provide_files(world);
        let entries = run_steps(world, stop.before, stop.narration.at);
        Some(Transcript {
            entries,
            narration: self.narration.get(..index).unwrap_or_default().to_vec(),
        })
    }

    /// Next from stop `index`: plays its segment's steps at their times into `world` (which
    /// stands at that stop) and advances the clock to `next_at`. `None` when there is no such
    /// stop.
    pub fn run_segment(&self, world: &mut World, index: usize) -> Option<Transcript> {
        let stop = self.stop(index)?;
        self.provide_files(world);
        Some(Transcript {
            entries: run_steps(world, stop.segment, stop.next_at),
            narration: Vec::new(),
        })
    }
}

//! The page's simulated clock settings: playing or paused, and how fast simulated time runs.

use podscope_core::model::time::SimDuration;

/// How many simulated seconds pass per real second.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Speed {
    #[default]
    X1,
    X10,
    X60,
}

impl Speed {
    pub const ALL: [Speed; 3] = [Speed::X1, Speed::X10, Speed::X60];

    pub fn factor(self) -> u64 {
        match self {
            Speed::X1 => 1,
            Speed::X10 => 10,
            Speed::X60 => 60,
        }
    }

    /// The button's label: `1×`, `10×`, `60×`.
    pub fn label(self) -> String {
        format!("{}×", self.factor())
    }
}

/// Whether time runs, and at what speed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Clock {
    pub playing: bool,
    pub speed: Speed,
}

impl Default for Clock {
    fn default() -> Self {
        Clock {
            playing: true,
            speed: Speed::X1,
        }
    }
}

impl Clock {
    /// The simulated time that passes during `real` milliseconds of wall time: none while
    /// paused.
    pub fn simulated(self, real: SimDuration) -> SimDuration {
        if self.playing {
            real.saturating_mul(self.speed.factor())
        } else {
            SimDuration::from_millis(0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speed_scales_and_pause_stops_time() {
        let tick = SimDuration::from_millis(250);
        let mut clock = Clock::default();
        assert_eq!(clock.simulated(tick), tick);
        clock.speed = Speed::X60;
        assert_eq!(clock.simulated(tick), SimDuration::from_secs(15));
        clock.playing = false;
        assert_eq!(clock.simulated(tick), SimDuration::from_millis(0));
        assert_eq!(Speed::X10.label(), "10×");
    }
}

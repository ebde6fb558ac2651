//! The clock bar: the simulated clock (the time, exact and as a kubectl AGE; play/pause,
//! speed, step to the next event, reset to time zero) and the last action's error. Breaking
//! things lives in the diagram: a container's menu (kill TERM/KILL, terminal, allocate,
//! zombie, delete the pod) and the sandbox's "kill pause".

use podscope_core::model::humanize::k8s_duration;
use podscope_core::model::time::SimTime;
use yew::prelude::*;

use crate::clock::{Clock, Speed};
use crate::state::Msg;

#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    pub now: SimTime,
    pub clock: Clock,
    /// Whether the world has anything scheduled to step to.
    pub has_next: bool,
    pub error: Option<AttrValue>,
    pub on_msg: Callback<Msg>,
}

#[component(Controls)]
pub fn controls(props: &ControlsProps) -> Html {
    let send = |msg: Msg| {
        let on_msg = props.on_msg.clone();
        Callback::from(move |_: MouseEvent| on_msg.emit(msg.clone()))
    };
    let playing = props.clock.playing;
    html! {
        <section class="controls" aria-label="Simulated clock controls">
            <div class="clock-bar" role="group" aria-label="Simulated clock">
                <span class="clock" role="timer" aria-label={clock_label(props.now)}
                      title="simulated time since the manifest was applied, and as kubectl prints an AGE">
                    <span data-testid="sim-time">{format!("t = {}", props.now)}</span>
                    <span class="clock-age" data-testid="sim-age">
                        {format!(" AGE {}", k8s_duration(props.now.since(SimTime::ZERO)))}
                    </span>
                </span>
                <button class="clock-button" data-testid="play-pause" onclick={send(Msg::Play(!playing))}
                        aria-pressed={(!playing).to_string()}
                        aria-label={if playing { "Pause the simulated clock" } else { "Play: let simulated time run" }}
                        title={if playing { "Pause the simulated clock" } else { "Let simulated time run" }}>
                    {if playing { "pause" } else { "play" }}
                </button>
                { for Speed::ALL.iter().map(|&speed| html! {
                    <button class="clock-button" data-testid={format!("speed-{}", speed.factor())}
                            aria-pressed={(props.clock.speed == speed).to_string()}
                            aria-label={format!("Speed {}: {} simulated seconds per second", speed.label(), speed.factor())}
                            title={format!("{} simulated seconds per second", speed.factor())}
                            onclick={send(Msg::Speed(speed))}>
                        {speed.label()}
                    </button>
                }) }
                <button class="clock-button" data-testid="step-event" disabled={!props.has_next}
                        aria-label="Step: run the clock to the next scheduled event"
                        title="Run the clock to the next thing the kubelet or a process has scheduled"
                        onclick={send(Msg::StepToNextEvent)}>
                    {"step to next event"}
                </button>
                <button class="clock-button" data-testid="reset"
                        aria-label="Reset: back to time zero with the same manifest; the recording is cleared"
                        title="Back to time zero with the same manifest (the recorded actions are cleared)"
                        onclick={send(Msg::Reset)}>
                    {"reset"}
                </button>
            </div>
            if let Some(e) = &props.error {
                <span class="action-error" role="alert" data-testid="action-error">{e.clone()}</span>
            }
        </section>
    }
}

/// What a screen reader hears for the clock: the exact simulated time.
fn clock_label(now: SimTime) -> String {
    format!("Simulated time {now}")
}

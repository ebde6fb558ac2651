//! The "break things" bar: one kill button per container, and the simulated clock.

use podscope_core::ids::{ContainerName, PodKey};
use podscope_core::time::SimTime;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    /// (pod, container, running) for every container.
    pub targets: Vec<(PodKey, ContainerName, bool)>,
    pub now: SimTime,
    pub error: Option<AttrValue>,
    pub on_kill: Callback<(PodKey, ContainerName)>,
}

#[component(Controls)]
pub fn controls(props: &ControlsProps) -> Html {
    let many_pods = props
        .targets
        .iter()
        .any(|(p, _, _)| Some(p) != props.targets.first().map(|t| &t.0));
    html! {
        <section class="controls" aria-label="Break things">
            <span class="clock" data-testid="sim-time">{format!("t = {}", props.now)}</span>
            { for props.targets.iter().map(|(pod, c, running)| {
                let label = if many_pods { format!("kill {}/{c}", pod.name) } else { format!("kill {c}") };
                let on_kill = props.on_kill.clone();
                let target = (pod.clone(), c.clone());
                let onclick = Callback::from(move |_| on_kill.emit(target.clone()));
                html! {
                    <button data-testid={if many_pods { format!("kill-{}-{c}", pod.name) } else { format!("kill-{c}") }} disabled={!running} {onclick}
                            title={format!("SIGKILL the main process of {c} (exit code 137)")}>
                        {label}
                    </button>
                }
            }) }
            if let Some(e) = &props.error {
                <span class="action-error" role="alert" data-testid="action-error">{e.clone()}</span>
            }
        </section>
    }
}

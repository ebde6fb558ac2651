//! The runtime setting in the header: containerd, CRI-O or Docker (through cri-dockerd), as
//! the core models them (`Runtime`). Choosing one rebuilds the world from the same manifest
//! and replays the recording (`Msg::Runtime`).

use podscope_core::Runtime;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::state::Msg;

#[derive(Properties, PartialEq)]
pub struct RuntimeSelectProps {
    pub runtime: Runtime,
    pub on_msg: Callback<Msg>,
}

#[component(RuntimeSelect)]
pub fn runtime_select(props: &RuntimeSelectProps) -> Html {
    let on_change = {
        let on_msg = props.on_msg.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Ok(rt) = select.value().parse::<Runtime>() {
                on_msg.emit(Msg::Runtime(rt));
            }
        })
    };
    html! {
        <span class="runtime-setting">
            <label for="runtime-select">{"runtime"}</label>
            <select id="runtime-select" data-testid="runtime-select" onchange={on_change}
                    title="The container runtime on every node: the world is rebuilt and the recording replayed">
                { for Runtime::ALL.iter().map(|rt| html! {
                    <option value={rt.as_str()} selected={*rt == props.runtime}>
                        {rt.describe()}
                    </option>
                }) }
            </select>
        </span>
    }
}

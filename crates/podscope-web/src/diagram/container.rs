//! A container's box: name, image, state word with restarts and PID, the status line with
//! its countdown, chips, processes and `oom_score_adj`. A click or Enter selects it and opens
//! its action menu; it lights up when a namespace it is in is hovered.

use podscope_core::model::ids::ObjectKey;
use podscope_core::views::layout::{BoxState, ContainerBox, num};
use podscope_core::views::svg;
use yew::prelude::*;

use super::Ctx;
use super::parts::text;
use super::pod::chip;
use crate::session::Target;

pub(super) fn container(c: &ContainerBox, pod: &ObjectKey, ctx: &Ctx) -> Html {
    let r = c.rect;
    let target = Target::Container(
        pod.clone(),
        podscope_core::model::ids::ContainerName(c.name.clone()),
    );
    let selected = ctx.selected == target;
    let lit = ctx
        .hovered
        .is_some_and(|i| c.chips.iter().any(|k| k.inode == i));
    let stopping = matches!(
        c.status.countdown,
        Some(podscope_core::views::layout::Countdown::Grace { .. })
    );
    let class = classes!(
        "container",
        selected.then_some("selected"),
        lit.then_some("lit"),
        stopping.then_some("stopping")
    );
    let open = {
        let on_open = ctx.on_open.clone();
        let key = (pod.clone(), c.name.clone());
        Callback::from(move |_: MouseEvent| on_open.emit(key.clone()))
    };
    let keys = {
        let on_open = ctx.on_open.clone();
        let key = (pod.clone(), c.name.clone());
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" || e.key() == " " {
                e.prevent_default();
                on_open.emit(key.clone());
            }
        })
    };
    let state = c.state.map_or("no state (not scheduled)", BoxState::label);
    let label = format!(
        "container {} ({}), {state}, {} restarts: press Enter for its actions",
        c.name, c.image, c.restarts
    );
    html! {
        <g {class} data-testid={format!("container-{}", c.name)} role="button" tabindex="0"
           aria-haspopup="menu" aria-label={label} onclick={open} onkeydown={keys}>
            <title>{format!("{}: click for its actions (kill, terminal, memory, zombie)", c.name)}</title>
            <rect class={svg::state_class(c.state)} x={num(r.x)} y={num(r.y)}
                  width={num(r.w)} height={num(r.h)} rx="8" />
            { text(c.title_at, "box-title", c.name.clone(), None) }
            { text(c.image_at, "box-detail", c.image.clone(), None) }
            if let Some(s) = c.state {
                <text class="box-detail" x={num(c.state_at.x)} y={num(c.state_at.y)}>
                    <tspan class="state-word" data-testid={format!("state-{}", c.name)}>{s.label()}</tspan>
                    {"  restarts "}
                    <tspan data-testid={format!("restarts-{}", c.name)}>{c.restarts}</tspan>
                    if let Some(pid) = &c.pid { {format!("  PID {pid}")} }
                </text>
                { text(c.status_at, "box-detail status-line", c.status.detail(), Some(format!("status-{}", c.name))) }
            } else {
                { text(c.state_at, "box-detail", "no status: not scheduled".to_owned(), None) }
            }
            { for c.chips.iter().map(|k| chip(k, ctx)) }
            { for c.processes.iter().map(|p| text(p.at, "process", p.text.clone(), None)) }
            if let Some(adj) = c.oom_score_adj {
                { text(c.oom_at, "box-detail", format!("oom_score_adj {adj}"), Some(format!("oom-{}", c.name))) }
            }
        </g>
    }
}

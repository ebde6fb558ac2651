//! The SVG diagram: draws the core's layout, every box and every line of text where the
//! layout puts it; it computes no position of its own. A click on a container selects it as
//! the terminal's target.

use podscope_core::model::ids::{ContainerName, ObjectKey};
use podscope_core::model::linux_ns::NsSource;
use podscope_core::sim::world::{TerminatedReason, WaitingReason};
use podscope_core::views::layout::{
    BoxState, ContainerBox, Diagram as Layout, NsChip, PodBox, Point, SandboxBox,
};
use yew::prelude::*;

use crate::session::Target;

#[derive(Properties, PartialEq)]
pub struct DiagramProps {
    pub layout: std::rc::Rc<Layout>,
    pub stale: bool,
    /// The terminal's target, drawn highlighted.
    pub selected: Target,
    pub on_select: Callback<Target>,
}

#[component(Diagram)]
pub fn diagram(props: &DiagramProps) -> Html {
    let l = &props.layout;
    let class = if props.stale {
        "diagram stale"
    } else {
        "diagram"
    };
    html! {
        <svg class={class} data-testid="diagram" role="img"
             aria-label="The pod as the node sees it"
             viewBox={format!("0 0 {} {}", l.width, l.height)}
             width={l.width.to_string()} height={l.height.to_string()}>
            <text class="node-label" x={l.node_at.x.to_string()} y={l.node_at.y.to_string()}>
                {format!("node {}", l.node)}
                <tspan class="legend" dx="14">
                    {"same colour = same namespace · dashed = joined from the pause container"}
                </tspan>
            </text>
            { for l.headings.iter().map(|h| html! {
                <text class="node-label" x={h.x.to_string()} y={h.y.to_string()}>{h.label.clone()}</text>
            }) }
            { for l.pods.iter().map(|p| pod(p, &props.selected, &props.on_select)) }
        </svg>
    }
}

fn pod(p: &PodBox, selected: &Target, on_select: &Callback<Target>) -> Html {
    let r = p.rect;
    let key = ObjectKey::new(&p.namespace, &p.name);
    html! {
        <g class="pod" data-testid={format!("pod-{}", p.name)}>
            <rect class="pod-box" x={r.x.to_string()} y={r.y.to_string()}
                  width={r.w.to_string()} height={r.h.to_string()} rx="10" />
            <text class="pod-title" x={p.title_at.x.to_string()} y={p.title_at.y.to_string()}>
                {format!("pod {}/{}", p.namespace, p.name)}
                <tspan class="pod-ip-label" dx="12">{"IP "}</tspan>
                <tspan data-testid="pod-ip">{p.ip.clone()}</tspan>
                <tspan class="pod-ip-label" dx="12">{"QoS "}</tspan>
                <tspan data-testid="pod-qos">{p.qos.clone()}</tspan>
            </text>
            if let Some(why) = &p.pending {
                <text class="pending" data-testid="pod-pending"
                      x={p.pending_at.x.to_string()} y={p.pending_at.y.to_string()}>
                    {format!("Pending: {why}")}
                </text>
            }
            { for p.links.iter().map(|k| html! {
                <line class={format!("link ns-c{}", k.color)}
                      x1={k.from.0.to_string()} y1={k.from.1.to_string()}
                      x2={k.to.0.to_string()} y2={k.to.1.to_string()} />
            }) }
            if let Some(s) = &p.sandbox { {sandbox(s)} }
            { for p.containers.iter().map(|c| {
                let target = Target::Container(key.clone(), ContainerName(c.name.clone()));
                let is_selected = *selected == target;
                let on_select = on_select.clone();
                let onclick = Callback::from(move |_: MouseEvent| on_select.emit(target.clone()));
                container(c, is_selected, onclick)
            }) }
        </g>
    }
}

fn sandbox(s: &SandboxBox) -> Html {
    let r = s.rect;
    html! {
        <g class="sandbox" data-testid="sandbox">
            <rect class="sandbox-box" x={r.x.to_string()} y={r.y.to_string()}
                  width={r.w.to_string()} height={r.h.to_string()} rx="8" />
            { text(s.title_at, "box-title", "pause (sandbox)".to_owned(), None) }
            { text(s.detail_at, "box-detail", format!("{}  PID {}", s.image, s.pid), None) }
            { for s.chips.iter().map(chip) }
        </g>
    }
}

/// One line of text whose baseline starts at `at`.
fn text(at: Point, class: &'static str, text: String, testid: Option<String>) -> Html {
    html! {
        <text class={class} x={at.x.to_string()} y={at.y.to_string()}
              data-testid={testid}>{text}</text>
    }
}

/// How a container box is drawn in its state: the classes web/style.css colours (running
/// green; crash-looping and failed red, dashed).
fn state_class(state: BoxState) -> &'static str {
    match state {
        BoxState::Running => "container-box state-running",
        BoxState::Waiting(WaitingReason::CrashLoopBackOff) => {
            "container-box state-crashloopbackoff"
        }
        BoxState::Waiting(_) => "container-box state-waiting",
        BoxState::Terminated(TerminatedReason::Error | TerminatedReason::OOMKilled) => {
            "container-box state-error"
        }
        BoxState::Terminated(TerminatedReason::Completed) => "container-box state-completed",
    }
}

fn container(c: &ContainerBox, selected: bool, onclick: Callback<MouseEvent>) -> Html {
    let r = c.rect;
    html! {
        <g class={if selected { "container selected" } else { "container" }}
           data-testid={format!("container-{}", c.name)} {onclick}>
            <title>{format!("{}: click to open a terminal in it", c.name)}</title>
            <rect class={state_class(c.state)} x={r.x.to_string()} y={r.y.to_string()}
                  width={r.w.to_string()} height={r.h.to_string()} rx="8" />
            { text(c.title_at, "box-title", c.name.clone(), None) }
            { text(c.image_at, "box-detail", c.image.clone(), None) }
            <text class="box-detail" x={c.state_at.x.to_string()} y={c.state_at.y.to_string()}>
                <tspan data-testid={format!("state-{}", c.name)}>{c.state.label()}</tspan>
                {"  restarts "}
                <tspan data-testid={format!("restarts-{}", c.name)}>{c.restarts}</tspan>
                if let Some(pid) = &c.pid { {format!("  PID {pid}")} }
            </text>
            { for c.chips.iter().map(chip) }
            if let Some(adj) = c.oom_score_adj {
                { text(c.oom_at, "box-detail", format!("oom_score_adj {adj}"), Some(format!("oom-{}", c.name))) }
            }
        </g>
    }
}

fn chip(c: &NsChip) -> Html {
    let r = c.rect;
    let how = match c.source {
        NsSource::Host => "the node's",
        NsSource::New => "its own",
        NsSource::Sandbox => "joined from the sandbox",
    };
    let class = match c.source {
        NsSource::Sandbox => format!("chip joined ns-c{}", c.color),
        _ => format!("chip ns-c{}", c.color),
    };
    html! {
        <g class={class} data-testid={format!("ns-{}", c.kind)} data-inode={c.inode.to_string()}>
            <title>{format!("{}:[{}] — {how} ({})", c.kind, c.inode, c.kind.isolates())}</title>
            <rect x={r.x.to_string()} y={r.y.to_string()}
                  width={r.w.to_string()} height={r.h.to_string()} rx="4" />
            <text x={c.label_at.x.to_string()} y={c.label_at.y.to_string()}
                  text-anchor="middle">{c.kind.as_str()}</text>
        </g>
    }
}

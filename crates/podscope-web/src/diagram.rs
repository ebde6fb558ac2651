//! The SVG diagram: draws the core's layout; it computes no geometry of its own. A click on
//! a container selects it as the terminal's target.

use podscope_core::model::ids::{ContainerName, ObjectKey};
use podscope_core::model::linux_ns::NsSource;
use podscope_core::views::layout::{ContainerBox, Diagram as Layout, NsChip, PodBox, SandboxBox};
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
            <text class="node-label" x="16" y="24">
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
            <text class="pod-title" x={(r.x + 14.0).to_string()} y={(r.y + 20.0).to_string()}>
                {format!("pod {}/{}", p.namespace, p.name)}
                <tspan class="pod-ip-label" dx="12">{"IP "}</tspan>
                <tspan data-testid="pod-ip">{p.ip.clone()}</tspan>
                <tspan class="pod-ip-label" dx="12">{"QoS "}</tspan>
                <tspan data-testid="pod-qos">{p.qos.clone()}</tspan>
            </text>
            if let Some(why) = &p.pending {
                <text class="pending" data-testid="pod-pending"
                      x={(r.x + 14.0).to_string()} y={(r.y + 44.0).to_string()}>
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
            <text class="box-title" x={(r.x + 10.0).to_string()} y={(r.y + 20.0).to_string()}>
                {"pause (sandbox)"}
            </text>
            <text class="box-detail" x={(r.x + 10.0).to_string()} y={(r.y + 38.0).to_string()}>
                {format!("{}  PID {}", s.image, s.pid)}
            </text>
            { for s.chips.iter().map(chip) }
        </g>
    }
}

fn container(c: &ContainerBox, selected: bool, onclick: Callback<MouseEvent>) -> Html {
    let r = c.rect;
    let line = |dy: f32, class: &'static str, text: String, testid: Option<String>| {
        html! {
            <text class={class} x={(r.x + 10.0).to_string()} y={(r.y + dy).to_string()}
                  data-testid={testid}>{text}</text>
        }
    };
    let state_class = format!("container-box state-{}", c.state.to_ascii_lowercase());
    html! {
        <g class={if selected { "container selected" } else { "container" }}
           data-testid={format!("container-{}", c.name)} {onclick}>
            <title>{format!("{}: click to open a terminal in it", c.name)}</title>
            <rect class={state_class} x={r.x.to_string()} y={r.y.to_string()}
                  width={r.w.to_string()} height={r.h.to_string()} rx="8" />
            { line(20.0, "box-title", c.name.clone(), None) }
            { line(38.0, "box-detail", c.image.clone(), None) }
            <text class="box-detail" x={(r.x + 10.0).to_string()} y={(r.y + 56.0).to_string()}>
                <tspan data-testid={format!("state-{}", c.name)}>{c.state.clone()}</tspan>
                {"  restarts "}
                <tspan data-testid={format!("restarts-{}", c.name)}>{c.restarts}</tspan>
                if let Some(pid) = &c.pid { {format!("  PID {pid}")} }
            </text>
            { for c.chips.iter().map(chip) }
            if let Some(adj) = c.oom_score_adj {
                { line(r.h - 10.0, "box-detail", format!("oom_score_adj {adj}"), Some(format!("oom-{}", c.name))) }
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
            <text x={(r.x + r.w / 2.0).to_string()} y={(r.y + 15.0).to_string()}
                  text-anchor="middle">{c.kind.as_str()}</text>
        </g>
    }
}

//! A pod's box: its title (IP and the IP before it), the Pending reason with its fix, the
//! sandbox with its chips and ports, the containers, mounts, volumes and the colour legend.

use podscope_core::views::layout::{NsChip, PodBox, SandboxBox, SandboxState, num};
use yew::prelude::*;

use super::Ctx;
use super::container::container;
use super::parts::{activate, legend, text, volumes};
use crate::state::Msg;

pub(super) fn pod(p: &PodBox, ctx: &Ctx) -> Html {
    let r = p.rect;
    let key = p.key();
    let fold = {
        let on_msg = ctx.on_msg.clone();
        let key = key.clone();
        Callback::from(move |_: MouseEvent| on_msg.emit(Msg::ToggleFold(key.clone())))
    };
    html! {
        <g class="pod" data-testid={format!("pod-{}", p.name)}>
            <rect class="pod-box" x={num(r.x)} y={num(r.y)}
                  width={num(r.w)} height={num(r.h)} rx="10" />
            <text class="pod-title" x={num(p.title_at.x)} y={num(p.title_at.y)}>
                {format!("pod {}/{}", p.namespace, p.name)}
                <tspan class="pod-status" dx="10" data-testid="pod-status">{p.status.clone()}</tspan>
                <tspan class="pod-ip-label" dx="12">{"IP "}</tspan>
                <tspan data-testid="pod-ip">{p.ip.clone()}</tspan>
                if let Some(old) = &p.previous_ip {
                    <tspan class="ip-changed" dx="6" data-testid="pod-ip-was">{format!("(was {old})")}</tspan>
                }
                <tspan class="pod-ip-label" dx="12">{"QoS "}</tspan>
                <tspan data-testid="pod-qos">{p.qos.clone()}</tspan>
            </text>
            <text class="fold-toggle" x={num(r.right() - 14.0)} y={num(p.title_at.y)}
                  text-anchor="end" role="button" tabindex="0" aria-label={format!("fold pod {}", p.name)}
                  data-testid={format!("fold-{}", p.name)} onclick={fold}>{"▾"}</text>
            if let Some(note) = &p.pending_note {
                <text class="pending" data-testid="pod-pending">
                    { for note.lines.iter().map(|l| html! {
                        <tspan x={num(l.at.x)} y={num(l.at.y)}>{l.text.clone()}</tspan>
                    }) }
                </text>
                { for note.fixes.iter().map(|(fix, b)| fix_button(fix, *b, &ctx.on_msg)) }
            }
            { for p.links.iter().map(|k| html! {
                <line class={format!("link ns-c{}", k.color)}
                      x1={num(k.from.0)} y1={num(k.from.1)}
                      x2={num(k.to.0)} y2={num(k.to.1)} />
            }) }
            if let Some(s) = &p.sandbox { {sandbox(s, &key, ctx)} }
            { for p.containers.iter().map(|c| container(c, &key, ctx)) }
            { volumes(p) }
            { legend(&p.legend) }
        </g>
    }
}

fn fix_button(
    fix: &podscope_core::views::layout::PendingFix,
    b: podscope_core::views::layout::Rect,
    on_msg: &Callback<Msg>,
) -> Html {
    use podscope_core::views::layout::PendingFix;
    let (click, key) = activate(on_msg, Msg::ApplyFix(fix.clone()));
    let (testid, effect, title) = match fix {
        PendingFix::AddNode { .. } => (
            "pending-fix",
            "appends the Node to the manifest",
            "Appends a Node document that the pod's nodeSelector and requests fit to the manifest",
        ),
        PendingFix::LowerRequest(_) => (
            "pending-fix-lower",
            "edits the request in the manifest",
            "Lowers the container's request in the manifest to what the roomiest node can still fit",
        ),
    };
    html! {
        <g class="fix-button" role="button" tabindex="0" data-testid={testid}
           aria-label={format!("{}: {effect}", fix.label())}
           onclick={click} onkeydown={key}>
            <title>{title}</title>
            <rect x={num(b.x)} y={num(b.y)} width={num(b.w)}
                  height={num(b.h)} rx="6" />
            <text x={num(b.x + 10.0)} y={num(b.y + 16.0)}>{fix.label()}</text>
        </g>
    }
}

fn sandbox(s: &SandboxBox, pod: &podscope_core::model::ids::ObjectKey, ctx: &Ctx) -> Html {
    let r = s.rect;
    let lit = ctx
        .hovered
        .is_some_and(|i| s.chips.iter().any(|k| k.inode == i));
    let class = classes!(
        "sandbox",
        format!("sandbox-{}", s.state.label().to_ascii_lowercase()),
        lit.then_some("lit")
    );
    let title = match s.state {
        SandboxState::Gone => "pause (sandbox): gone, the kubelet makes a new one".to_owned(),
        state => format!("pause (sandbox) {} · attempt {}", state.label(), s.attempt),
    };
    html! {
        <g class={class} data-testid="sandbox" data-state={s.state.label()}>
            <rect class="sandbox-box" x={num(r.x)} y={num(r.y)}
                  width={num(r.w)} height={num(r.h)} rx="8" />
            { text(s.title_at, "box-title", title, Some("sandbox-state".to_owned())) }
            if s.state != SandboxState::Gone {
                { text(s.detail_at, "box-detail", format!("{}  PID {}", s.image, s.pid), None) }
                { text(s.ports_at, "box-detail", s.ports_text(), Some("sandbox-ports".to_owned())) }
            }
            { for s.chips.iter().map(|c| chip(c, ctx)) }
            if let Some(b) = s.kill_at { { kill_pause(b, pod, &ctx.on_msg) } }
        </g>
    }
}

/// The sandbox's "kill pause" button: `kill-sandbox POD`.
fn kill_pause(
    b: podscope_core::views::layout::Rect,
    pod: &podscope_core::model::ids::ObjectKey,
    on_msg: &Callback<Msg>,
) -> Html {
    let (click, keys) = activate(on_msg, Msg::KillSandbox(pod.clone()));
    html! {
        <g class="kill-pause" role="button" tabindex="0" data-testid="kill-pause-button"
           aria-label={format!("kill pause of pod {}: SIGKILL the sandbox's pause process", pod.name)}
           onclick={click} onkeydown={keys}>
            <title>{"SIGKILL the pause process: the kubelet stops the containers, then makes a new sandbox"}</title>
            <rect x={num(b.x)} y={num(b.y)} width={num(b.w)}
                  height={num(b.h)} rx="6" />
            <text x={num(b.x + 12.0)} y={num(b.y + 16.0)}>{"kill pause"}</text>
        </g>
    }
}

/// A namespace chip: hover or focus lights everything in the namespace.
pub(super) fn chip(c: &NsChip, ctx: &Ctx) -> Html {
    use podscope_core::model::linux_ns::NsSource;
    let r = c.rect;
    let how = match c.source {
        NsSource::Host => "the node's own",
        NsSource::New => "its own",
        NsSource::Sandbox => "joined from the sandbox",
    };
    let class = classes!(
        "chip",
        format!("ns-c{}", c.color),
        (c.source == NsSource::Sandbox).then_some("joined"),
        (c.source == NsSource::Host).then_some("host"),
        (ctx.hovered == Some(c.inode)).then_some("lit")
    );
    let inode = c.inode;
    let enter = {
        let h = ctx.on_hover.clone();
        Callback::from(move |_: MouseEvent| h.emit(Some(inode)))
    };
    let leave = {
        let h = ctx.on_hover.clone();
        Callback::from(move |_: MouseEvent| h.emit(None))
    };
    let focus = {
        let h = ctx.on_hover.clone();
        Callback::from(move |_: FocusEvent| h.emit(Some(inode)))
    };
    let blur = {
        let h = ctx.on_hover.clone();
        Callback::from(move |_: FocusEvent| h.emit(None))
    };
    let label = format!("{}:[{}], {how} ({})", c.kind, c.inode, c.kind.isolates());
    html! {
        <g {class} data-testid={format!("ns-{}", c.kind)} data-inode={c.inode.to_string()}
           tabindex="0" role="img" aria-label={label.clone()}
           onmouseenter={enter} onmouseleave={leave} onfocus={focus} onblur={blur}>
            <title>{label}</title>
            <rect x={num(r.x)} y={num(r.y)}
                  width={num(r.w)} height={num(r.h)} rx="4" />
            <text x={num(c.label_at.x)} y={num(c.label_at.y)}
                  text-anchor="middle">{c.kind.as_str()}</text>
        </g>
    }
}

//! The smaller drawings: a line of text, the volumes with their mount lines, a pod's colour
//! legend, a folded pod's row and a Service with its lines to its endpoints.

use podscope_core::views::layout::{LegendEntry, PodBox, PodSummary, Point, ServiceBox, num};
use yew::prelude::*;

use super::Ctx;
use crate::state::Msg;

/// A click and a keydown (Enter or Space) that both send `msg`: what makes a drawn shape a
/// button for the mouse and the keyboard alike.
pub(super) fn activate(
    on_msg: &Callback<Msg>,
    msg: Msg,
) -> (Callback<MouseEvent>, Callback<KeyboardEvent>) {
    let click = {
        let on_msg = on_msg.clone();
        let msg = msg.clone();
        Callback::from(move |_: MouseEvent| on_msg.emit(msg.clone()))
    };
    let on_msg = on_msg.clone();
    let keys = Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Enter" || e.key() == " " {
            e.prevent_default();
            on_msg.emit(msg.clone());
        }
    });
    (click, keys)
}

/// One line of text whose baseline starts at `at`.
pub(super) fn text(at: Point, class: &'static str, text: String, testid: Option<String>) -> Html {
    html! {
        <text class={class} x={num(at.x)} y={num(at.y)}
              data-testid={testid}>{text}</text>
    }
}

/// The pod's volumes as disks, each mount a line from its text to its disk.
pub(super) fn volumes(p: &PodBox) -> Html {
    html! {
        <g class="volumes">
            { for p.mounts.iter().map(|m| html! {
                <g class={classes!("mount", m.read_only.then_some("ro"))}
                   data-testid={format!("mount-{}-{}", m.container, m.volume)}>
                    <line class="mount-line" x1={num(m.from.x)} y1={num(m.from.y)}
                          x2={num(m.to.x)} y2={num(m.to.y)} />
                    { text(m.text.at, "mount-text", m.text.text.clone(), None) }
                </g>
            }) }
            { for p.volumes.iter().map(|v| {
                let r = v.rect;
                html! {
                    <g class={classes!("volume", v.missing.then_some("missing"))}
                       data-testid={format!("volume-{}", v.name)}>
                        <rect class="disk" x={num(r.x)} y={num(r.y)}
                              width={num(r.w)} height={num(r.h)} rx="12" />
                        { text(v.title_at, "box-title", v.name.clone(), None) }
                        { text(v.source.at, "box-detail", v.source.text.clone(), Some(format!("volume-source-{}", v.name))) }
                        if let Some(d) = &v.detail {
                            { text(d.at, "box-detail", d.text.clone(), None) }
                        }
                    </g>
                }
            }) }
        </g>
    }
}

/// The swatches naming each colour of the pod's namespaces.
pub(super) fn legend(entries: &[LegendEntry]) -> Html {
    html! {
        <g class="ns-legend" data-testid="ns-legend">
            { for entries.iter().map(|e| {
                let s = e.swatch;
                html! {
                    <g class={format!("swatch ns-c{}", e.color)}>
                        <rect x={num(s.x)} y={num(s.y)} width={num(s.w)}
                              height={num(s.h)} rx="2" />
                        <text class="legend-text" x={num(e.text_at.x)} y={num(e.text_at.y)}>{e.text()}</text>
                    </g>
                }
            }) }
        </g>
    }
}

/// A folded pod: one line; a click or Enter unfolds it.
pub(super) fn summary(s: &PodSummary, ctx: &Ctx) -> Html {
    let r = s.rect;
    let (click, keys) = activate(&ctx.on_msg, Msg::ToggleFold(s.key.clone()));
    html! {
        <g class={classes!("pod-row", (!s.ready).then_some("not-ready"))} role="button" tabindex="0"
           aria-expanded="false" aria-label={format!("{}: press Enter to unfold", s.text)}
           data-testid={format!("pod-row-{}", s.key.name)} onclick={click} onkeydown={keys}>
            <rect x={num(r.x)} y={num(r.y)} width={num(r.w)}
                  height={num(r.h)} rx="5" />
            { text(s.text_at, "pod-row-text", s.text.clone(), None) }
        </g>
    }
}

/// A Service, with a line to each ready endpoint.
pub(super) fn service(s: &ServiceBox) -> Html {
    let r = s.rect;
    html! {
        <g class="service" data-testid={format!("service-{}", s.key.name)}
           data-endpoints={s.endpoints.len().to_string()}>
            { for s.links.iter().map(|(a, b)| html! {
                <line class="endpoint-link" x1={num(a.x)} y1={num(a.y)}
                      x2={num(b.x)} y2={num(b.y)} />
            }) }
            <rect class="service-box" x={num(r.x)} y={num(r.y)}
                  width={num(r.w)} height={num(r.h)} rx="8" />
            { for s.lines.iter().enumerate().map(|(i, l)| text(
                l.at,
                if i == 0 { "box-title" } else { "box-detail" },
                l.text.clone(),
                None,
            )) }
        </g>
    }
}

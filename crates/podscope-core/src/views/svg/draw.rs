//! The drawing, part by part, as crates/podscope-web/src/diagram.rs and diagram/*.rs draw it:
//! the same elements, classes, corner radii and text, at the places the layout gives. The
//! page's controls that carry no information in a still picture (a pod's fold toggle, the
//! sandbox's "kill pause" button) and its hover, focus and click handlers are left out.

use crate::model::linux_ns::NsSource;
use crate::sim::world::{TerminatedReason, WaitingReason};
use crate::views::layout::{
    BoxState, ContainerBox, Countdown, Diagram, LegendEntry, NsChip, PendingFix, PodBox,
    PodSummary, Point, Rect, SandboxBox, SandboxState, ServiceBox,
};

use super::xml::{Xml, num};

/// The line beside the node's name (crates/podscope-web/src/diagram.rs).
pub(super) const LEGEND: &str = "same colour in a pod = same namespace · grey = the node's own · dashed = joined from the sandbox";

/// The node label with the legend, the node headings, the pods, the folded pods and the
/// Services, in the page's order.
pub(super) fn diagram(x: &mut Xml, d: &Diagram) {
    let one_node = d.headings.is_empty();
    x.open_inline(
        "text",
        &[
            ("class", "node-label"),
            ("x", &num(d.node_at.x)),
            ("y", &num(d.node_at.y)),
        ],
    );
    if one_node {
        x.text(&format!("node {}", d.node));
    }
    x.open_inline(
        "tspan",
        &[
            ("class", "legend"),
            ("dx", if one_node { "14" } else { "0" }),
        ],
    );
    x.text(LEGEND);
    x.close_inline("tspan");
    x.close("text");
    for h in &d.headings {
        text(x, Point { x: h.x, y: h.y }, "node-label", &h.label);
    }
    for p in &d.pods {
        pod(x, p);
    }
    for s in &d.summaries {
        summary(x, s);
    }
    for s in &d.services {
        service(x, s);
    }
}

/// One line of text whose baseline starts at `at`.
fn text(x: &mut Xml, at: Point, class: &'static str, text: &str) {
    x.element(
        "text",
        &[("class", class), ("x", &num(at.x)), ("y", &num(at.y))],
        text,
    );
}

fn rect(x: &mut Xml, class: Option<&'static str>, r: Rect, rx: &'static str) {
    let (rx_, ry_, w, h) = (num(r.x), num(r.y), num(r.w), num(r.h));
    let mut attrs: Vec<(&'static str, &str)> = Vec::with_capacity(6);
    if let Some(class) = class {
        attrs.push(("class", class));
    }
    attrs.extend([
        ("x", rx_.as_str()),
        ("y", ry_.as_str()),
        ("width", w.as_str()),
        ("height", h.as_str()),
        ("rx", rx),
    ]);
    x.empty("rect", &attrs);
}

fn line(x: &mut Xml, class: &str, from: Point, to: Point) {
    x.empty(
        "line",
        &[
            ("class", class),
            ("x1", &num(from.x)),
            ("y1", &num(from.y)),
            ("x2", &num(to.x)),
            ("y2", &num(to.y)),
        ],
    );
}

/// A `<tspan>` inside a line of text.
fn tspan(x: &mut Xml, class: Option<&'static str>, dx: Option<&'static str>, text: &str) {
    let mut attrs: Vec<(&'static str, &str)> = Vec::new();
    if let Some(class) = class {
        attrs.push(("class", class));
    }
    if let Some(dx) = dx {
        attrs.push(("dx", dx));
    }
    x.open_inline("tspan", &attrs);
    x.text(text);
    x.close_inline("tspan");
}

/// A pod's box (diagram/pod.rs `pod`).
fn pod(x: &mut Xml, p: &PodBox) {
    x.open("g", &[("class", "pod")]);
    rect(x, Some("pod-box"), p.rect, "10");
    x.open_inline(
        "text",
        &[
            ("class", "pod-title"),
            ("x", &num(p.title_at.x)),
            ("y", &num(p.title_at.y)),
        ],
    );
    x.text(&format!("pod {}/{}", p.namespace, p.name));
    tspan(x, Some("pod-status"), Some("10"), &p.status);
    tspan(x, Some("pod-ip-label"), Some("12"), "IP ");
    tspan(x, None, None, &p.ip);
    if let Some(old) = &p.previous_ip {
        tspan(x, Some("ip-changed"), Some("6"), &format!("(was {old})"));
    }
    tspan(x, Some("pod-ip-label"), Some("12"), "QoS ");
    tspan(x, None, None, &p.qos);
    x.close("text");
    if let Some(note) = &p.pending_note {
        x.open_inline("text", &[("class", "pending")]);
        for l in &note.lines {
            x.open_inline("tspan", &[("x", &num(l.at.x)), ("y", &num(l.at.y))]);
            x.text(&l.text);
            x.close_inline("tspan");
        }
        x.close("text");
        for (fix, b) in &note.fixes {
            fix_button(x, fix, *b);
        }
    }
    for k in &p.links {
        let class = format!("link ns-c{}", k.color);
        let (from, to) = (
            Point {
                x: k.from.0,
                y: k.from.1,
            },
            Point {
                x: k.to.0,
                y: k.to.1,
            },
        );
        line(x, &class, from, to);
    }
    if let Some(s) = &p.sandbox {
        sandbox(x, s);
    }
    for c in &p.containers {
        container(x, c);
    }
    volumes(x, p);
    legend(x, &p.legend);
    x.close("g");
}

/// The Pending pod's fix, drawn as the page's button (diagram/pod.rs `fix_button`): in a
/// picture it says what would let the pod run.
fn fix_button(x: &mut Xml, fix: &PendingFix, b: Rect) {
    x.open("g", &[("class", "fix-button")]);
    rect(x, None, b, "6");
    x.element(
        "text",
        &[("x", &num(b.x + 10.0)), ("y", &num(b.y + 16.0))],
        &fix.label(),
    );
    x.close("g");
}

/// The pause container's box (diagram/pod.rs `sandbox`).
fn sandbox(x: &mut Xml, s: &SandboxBox) {
    let class = match s.state {
        SandboxState::Ready => "sandbox sandbox-ready",
        SandboxState::NotReady => "sandbox sandbox-notready",
        SandboxState::Gone => "sandbox sandbox-gone",
    };
    x.open("g", &[("class", class)]);
    rect(x, Some("sandbox-box"), s.rect, "8");
    let title = match s.state {
        SandboxState::Gone => "pause (sandbox): gone, the kubelet makes a new one".to_owned(),
        state => format!("pause (sandbox) {} · attempt {}", state.label(), s.attempt),
    };
    text(x, s.title_at, "box-title", &title);
    if s.state != SandboxState::Gone {
        text(
            x,
            s.detail_at,
            "box-detail",
            &format!("{}  PID {}", s.image, s.pid),
        );
        text(x, s.ports_at, "box-detail", &s.ports_text());
    }
    for c in &s.chips {
        chip(x, c);
    }
    x.close("g");
}

/// The classes of a container's outline in its state, which web/style.css and
/// web/css/diagram.css colour (running green; crash-looping and failed red, dashed; no state
/// grey): the page's (diagram/container.rs) and the export's.
pub fn state_class(state: Option<BoxState>) -> &'static str {
    match state {
        None => "container-box state-none",
        Some(BoxState::Running) => "container-box state-running",
        Some(BoxState::Waiting(WaitingReason::CrashLoopBackOff)) => {
            "container-box state-crashloopbackoff"
        }
        Some(BoxState::Waiting(_)) => "container-box state-waiting",
        Some(BoxState::Terminated(
            TerminatedReason::Error | TerminatedReason::OOMKilled | TerminatedReason::StartError,
        )) => "container-box state-error",
        Some(BoxState::Terminated(TerminatedReason::Completed)) => "container-box state-completed",
    }
}

/// A container's box (diagram/container.rs `container`).
fn container(x: &mut Xml, c: &ContainerBox) {
    let stopping = matches!(c.status.countdown, Some(Countdown::Grace { .. }));
    let class = if stopping {
        "container stopping"
    } else {
        "container"
    };
    x.open("g", &[("class", class)]);
    rect(x, Some(state_class(c.state)), c.rect, "8");
    text(x, c.title_at, "box-title", &c.name);
    text(x, c.image_at, "box-detail", &c.image);
    if let Some(s) = c.state {
        x.open_inline(
            "text",
            &[
                ("class", "box-detail"),
                ("x", &num(c.state_at.x)),
                ("y", &num(c.state_at.y)),
                ("xml:space", "preserve"),
            ],
        );
        tspan(x, Some("state-word"), None, s.label());
        x.text(&format!("  restarts {}", c.restarts));
        if let Some(pid) = &c.pid {
            x.text(&format!("  PID {pid}"));
        }
        x.close("text");
        text(x, c.status_at, "box-detail status-line", &c.status.detail());
    } else {
        text(x, c.state_at, "box-detail", "no status: not scheduled");
    }
    for k in &c.chips {
        chip(x, k);
    }
    for p in &c.processes {
        x.element(
            "text",
            &[
                ("class", "process"),
                ("x", &num(p.at.x)),
                ("y", &num(p.at.y)),
                ("xml:space", "preserve"),
            ],
            &p.text,
        );
    }
    if let Some(adj) = c.oom_score_adj {
        text(x, c.oom_at, "box-detail", &format!("oom_score_adj {adj}"));
    }
    x.close("g");
}

/// A namespace chip (diagram/pod.rs `chip`).
fn chip(x: &mut Xml, c: &NsChip) {
    let how = match c.source {
        NsSource::Host => " host",
        NsSource::New => "",
        NsSource::Sandbox => " joined",
    };
    x.open("g", &[("class", &format!("chip ns-c{}{how}", c.color))]);
    rect(x, None, c.rect, "4");
    x.element(
        "text",
        &[
            ("x", &num(c.label_at.x)),
            ("y", &num(c.label_at.y)),
            ("text-anchor", "middle"),
        ],
        c.kind.as_str(),
    );
    x.close("g");
}

/// The pod's volumes and mount lines (diagram/parts.rs `volumes`).
fn volumes(x: &mut Xml, p: &PodBox) {
    if p.mounts.is_empty() && p.volumes.is_empty() {
        return;
    }
    x.open("g", &[("class", "volumes")]);
    for m in &p.mounts {
        x.open(
            "g",
            &[("class", if m.read_only { "mount ro" } else { "mount" })],
        );
        line(x, "mount-line", m.from, m.to);
        text(x, m.text.at, "mount-text", &m.text.text);
        x.close("g");
    }
    for v in &p.volumes {
        x.open(
            "g",
            &[(
                "class",
                if v.missing {
                    "volume missing"
                } else {
                    "volume"
                },
            )],
        );
        rect(x, Some("disk"), v.rect, "12");
        text(x, v.title_at, "box-title", &v.name);
        text(x, v.source.at, "box-detail", &v.source.text);
        if let Some(d) = &v.detail {
            text(x, d.at, "box-detail", &d.text);
        }
        x.close("g");
    }
    x.close("g");
}

/// The swatches naming each colour of a pod's namespaces (diagram/parts.rs `legend`).
fn legend(x: &mut Xml, entries: &[LegendEntry]) {
    if entries.is_empty() {
        return;
    }
    x.open("g", &[("class", "ns-legend")]);
    for e in entries {
        x.open("g", &[("class", &format!("swatch ns-c{}", e.color))]);
        rect(x, None, e.swatch, "2");
        text(x, e.text_at, "legend-text", &e.text());
        x.close("g");
    }
    x.close("g");
}

/// A folded pod's row (diagram/parts.rs `summary`).
fn summary(x: &mut Xml, s: &PodSummary) {
    let class = if s.ready {
        "pod-row"
    } else {
        "pod-row not-ready"
    };
    x.open("g", &[("class", class)]);
    rect(x, None, s.rect, "5");
    text(x, s.text_at, "pod-row-text", &s.text);
    x.close("g");
}

/// A Service with a line to each ready endpoint (diagram/parts.rs `service`).
fn service(x: &mut Xml, s: &ServiceBox) {
    x.open("g", &[("class", "service")]);
    for (a, b) in &s.links {
        line(x, "endpoint-link", *a, *b);
    }
    rect(x, Some("service-box"), s.rect, "8");
    for (i, l) in s.lines.iter().enumerate() {
        let class = if i == 0 { "box-title" } else { "box-detail" };
        text(x, l.at, class, &l.text);
    }
    x.close("g");
}

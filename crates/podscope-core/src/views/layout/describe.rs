//! The diagram as sentences, for screen readers (the page puts them in a visually hidden
//! description of the SVG) and for tests that read a layout as text.

use std::fmt::Write as _;

use super::Diagram;
use super::pod::PodBox;

/// Every node, pod, sandbox, container, volume and Service of `d`, one sentence each.
pub fn describe(d: &Diagram) -> String {
    let mut out = String::new();
    let nodes = if d.headings.is_empty() {
        format!("Node {}.", d.node)
    } else {
        let names: Vec<&str> = d.headings.iter().map(|h| h.label.as_str()).collect();
        format!("{} groups: {}.", names.len(), names.join("; "))
    };
    out.push_str(&nodes);
    out.push('\n');
    for p in &d.pods {
        pod(&mut out, p);
    }
    for s in &d.summaries {
        let _ = writeln!(out, "Folded {}.", s.text.trim_start_matches("▸ "));
    }
    for s in &d.services {
        let lines: Vec<&str> = s.lines.iter().map(|l| l.text.as_str()).collect();
        let to: Vec<&str> = s.endpoints.iter().map(|k| k.name.as_str()).collect();
        let _ = write!(out, "Service {}: {}", s.key.name, lines[1..].join(", "));
        if to.is_empty() {
            out.push_str(".\n");
        } else {
            let _ = writeln!(out, ", sending to {}.", to.join(", "));
        }
    }
    out
}

fn pod(out: &mut String, p: &PodBox) {
    let _ = write!(out, "Pod {}/{}, {}", p.namespace, p.name, p.status);
    match &p.previous_ip {
        Some(old) => {
            let _ = write!(out, ", IP {} (was {old})", p.ip);
        }
        None => {
            let _ = write!(out, ", IP {}", p.ip);
        }
    }
    if !p.qos.is_empty() {
        let _ = write!(out, ", QoS {}", p.qos);
    }
    out.push_str(".\n");
    if let Some(note) = &p.pending_note {
        let why: Vec<&str> = note.lines.iter().map(|l| l.text.as_str()).collect();
        let _ = writeln!(out, "  {}", why.join(" "));
        for (fix, _) in &note.fixes {
            let _ = writeln!(out, "  Fix: {}.", fix.label());
        }
    }
    if let Some(s) = &p.sandbox {
        let _ = write!(out, "  Sandbox {} (attempt {})", s.state.label(), s.attempt);
        if !s.image.is_empty() {
            let _ = write!(out, ", {} PID {}", s.image, s.pid);
        }
        let chips: Vec<String> = s
            .chips
            .iter()
            .map(|c| format!("{}:[{}]", c.kind, c.inode))
            .collect();
        if !chips.is_empty() {
            let _ = write!(out, ", holds {}", chips.join(" "));
        }
        if s.state != super::SandboxState::Gone {
            let _ = write!(out, ", {}", s.ports_text());
        }
        out.push_str(".\n");
    }
    for c in &p.containers {
        let state = c.state.map_or("no state", |s| s.label());
        let _ = write!(out, "  Container {} ({}): {state}", c.name, c.image);
        if c.state.is_some() {
            let _ = write!(out, ", {}, restarts {}", c.status.detail(), c.restarts);
        }
        if let Some(pid) = &c.pid {
            let _ = write!(out, ", PID {pid}");
        }
        let own: Vec<String> = c
            .chips
            .iter()
            .map(|k| {
                let from = match k.source {
                    crate::model::linux_ns::NsSource::Host => " node",
                    crate::model::linux_ns::NsSource::Sandbox => " joined",
                    crate::model::linux_ns::NsSource::New => "",
                };
                format!("{}:[{}]{from}", k.kind, k.inode)
            })
            .collect();
        if !own.is_empty() {
            let _ = write!(out, "; namespaces {}", own.join(" "));
        }
        let procs: Vec<&str> = c.processes.iter().map(|l| l.text.trim()).collect();
        if !procs.is_empty() {
            let _ = write!(out, "; processes {}", procs.join(", "));
        }
        out.push_str(".\n");
    }
    for m in &p.mounts {
        let _ = writeln!(
            out,
            "  {} mounts {} at {}.",
            m.container, m.volume, m.text.text
        );
    }
    for v in &p.volumes {
        let detail = v
            .detail
            .as_ref()
            .map(|d| format!(", {}", d.text))
            .unwrap_or_default();
        let _ = writeln!(out, "  Volume {}: {}{detail}.", v.name, v.source.text);
    }
}

//! The document's style sheet: the rules of web/style.css and web/css/diagram.css that shape
//! a drawing at rest (no hover, focus, selection or animation), with the theme's colours
//! written in, under the same class names the page uses.

use std::fmt::Write as _;

use super::palette::Palette;

/// The page's sans-serif stack (`:root` in web/style.css).
const SANS: &str = "system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif";
/// The diagram's monospace stack (web/style.css `.box-detail`).
const MONO: &str = "ui-monospace,Menlo,monospace";

/// The style sheet for `p`, one rule a line.
pub(super) fn sheet(p: &Palette) -> String {
    let mut s = String::new();
    let mut rule = |selector: &str, body: String| {
        let _ = writeln!(s, "{selector}{{{body}}}");
    };
    rule("svg", format!("font-family:{SANS};font-size:12px"));
    rule(".background", format!("fill:{}", p.bg));
    rule("text", format!("fill:{}", p.fg));
    rule(".node-label", format!("fill:{};font-weight:600", p.muted));
    rule(".legend", "font-weight:400;font-size:11px".to_owned());
    rule(
        ".pod-box",
        format!("fill:{};stroke:{};stroke-width:1.5", p.pod, p.pod_line),
    );
    rule(".pod-title", "font-weight:600;font-size:13px".to_owned());
    rule(
        ".pod-ip-label,.pod-status",
        format!("fill:{};font-weight:400", p.muted),
    );
    rule(".ip-changed", format!("fill:{};font-weight:600", p.dg_warn));
    rule(
        ".sandbox-box",
        format!(
            "fill:{};stroke:{};stroke-width:1.5",
            p.sandbox, p.sandbox_line
        ),
    );
    rule(
        ".sandbox-notready .sandbox-box",
        format!("stroke:{};stroke-dasharray:5 3", p.dg_bad),
    );
    rule(
        ".sandbox-gone .sandbox-box",
        format!("fill:transparent;stroke:{};stroke-dasharray:2 4", p.dg_none),
    );
    rule(
        ".container-box",
        format!("fill:{};stroke:{};stroke-width:1.5", p.boxed, p.line),
    );
    rule(".container-box.state-running", format!("stroke:{}", p.ok));
    rule(
        ".container-box.state-crashloopbackoff,.container-box.state-error",
        format!("stroke:{};stroke-dasharray:5 3", p.err),
    );
    rule(
        ".container-box.state-none",
        format!("stroke:{};stroke-dasharray:2 3", p.dg_none),
    );
    rule(
        ".container-box.state-waiting",
        format!("stroke:{}", p.dg_warn),
    );
    rule(
        ".container-box.state-completed",
        format!("stroke:{}", p.dg_none),
    );
    rule(
        ".container.stopping .container-box",
        format!("stroke:{};stroke-width:2.5;stroke-dasharray:6 3", p.dg_warn),
    );
    rule(".box-title", "font-weight:600;font-size:13px".to_owned());
    rule(
        ".box-detail",
        format!("fill:{};font-family:{MONO};font-size:11px", p.muted),
    );
    rule(".status-line", format!("fill:{}", p.fg));
    rule(
        ".process",
        format!(
            "fill:{};font-family:{MONO};font-size:10.5px;white-space:pre",
            p.muted
        ),
    );
    rule(".chip rect", "stroke-width:1.5".to_owned());
    rule(
        ".chip text",
        format!("fill:{};font-family:{MONO};font-size:11px", p.chip_fg),
    );
    rule(".chip.joined rect", "stroke-dasharray:3 2".to_owned());
    rule(".chip.host rect", "stroke-dasharray:1 2".to_owned());
    rule(
        ".link",
        "stroke-width:1.5;stroke-dasharray:3 3;opacity:.8".to_owned(),
    );
    for (i, c) in p.ns.iter().enumerate() {
        rule(
            &format!(".ns-c{i} rect"),
            format!("fill:{};stroke:{}", c.fill, c.line),
        );
        rule(&format!(".link.ns-c{i}"), format!("stroke:{}", c.line));
    }
    rule(
        ".legend-text",
        format!("fill:{};font-family:{MONO};font-size:10px", p.muted),
    );
    rule(
        ".pending",
        format!("fill:{};font-family:{MONO};font-size:11px", p.err),
    );
    rule(
        ".fix-button rect",
        format!("fill:{};stroke:{};stroke-width:1.5", p.pod, p.dg_ok),
    );
    rule(
        ".fix-button text",
        format!("fill:{};font-size:12px;font-weight:600", p.dg_ok),
    );
    rule(
        ".disk",
        format!(
            "fill:{};stroke:{};stroke-width:1.5",
            p.dg_disk, p.dg_disk_line
        ),
    );
    rule(
        ".volume.missing .disk",
        format!("stroke:{};stroke-dasharray:4 3", p.dg_bad),
    );
    rule(
        ".mount-line",
        format!("stroke:{};stroke-width:1.2", p.dg_disk_line),
    );
    rule(".mount.ro .mount-line", "stroke-dasharray:4 3".to_owned());
    rule(
        ".mount-text",
        format!("fill:{};font-family:{MONO};font-size:10.5px", p.fg),
    );
    rule(
        ".service-box",
        format!(
            "fill:{};stroke:{};stroke-width:1.5",
            p.dg_svc, p.dg_svc_line
        ),
    );
    rule(
        ".endpoint-link",
        format!("stroke:{};stroke-width:1.5", p.dg_svc_line),
    );
    rule(
        ".pod-row rect",
        format!("fill:{};stroke:{};stroke-width:1.2", p.dg_row, p.dg_ok),
    );
    rule(".pod-row.not-ready rect", format!("stroke:{}", p.dg_warn));
    rule(
        ".pod-row-text",
        format!("font-family:{MONO};font-size:11px"),
    );
    rule(".caption", format!("fill:{};font-size:13px", p.fg));
    s
}

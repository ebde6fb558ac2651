//! The SVG export (`views::svg`), tested here because its cases play the examples (the
//! scenario layer, above views): its colours are the page's CSS, hostile text stays text, and the
//! documents of a few pods in their states (snapshots).

use podscope_core::admission::load::load;
use podscope_core::model::rng::DEFAULT_SEED;
use podscope_core::model::time::SimTime;
use podscope_core::scenario::examples::ExampleId;
use podscope_core::scenario::script::Scenario;
use podscope_core::sim::world::World;
use podscope_core::views::layout::{self, TextLine};
use podscope_core::views::svg::*;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

const STYLE_CSS: &str = include_str!("../../../../web/style.css");
const DIAGRAM_CSS: &str = include_str!("../../../../web/css/diagram.css");

/// `text` without its `/* … */` comments.
fn strip_comments(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        rest = rest[start..]
            .find("*/")
            .map_or("", |end| &rest[start + end + 2..]);
    }
    out.push_str(rest);
    out
}

/// The custom properties declared in `css` (`--name: value`), in order.
fn declarations(css: &str) -> Vec<(String, String)> {
    strip_comments(css)
        .split([';', '{', '}'])
        .filter_map(|d| {
            let (name, value) = d.trim().split_once(':')?;
            name.starts_with("--")
                .then(|| (name.trim().to_owned(), value.trim().to_owned()))
        })
        .collect()
}

/// The declarations of the block that `selector {` opens in `css`.
fn block(css: &str, selector: &str) -> Vec<(String, String)> {
    let css = strip_comments(css);
    let open = format!("{selector} {{");
    let start = css
        .find(&open)
        .unwrap_or_else(|| panic!("{open} in the CSS"))
        + open.len();
    let end = start + css[start..].find('}').expect("the block closes");
    declarations(&css[start..end])
}

/// What `var` resolves to in `theme`, as the page's cascade gives it: web/css/diagram.css's
/// block for the theme (its `:root` for light), else web/style.css's `light-dark()` side.
fn css_value(var: &str, theme: Theme) -> String {
    let light = block(DIAGRAM_CSS, ":root");
    let dark = block(DIAGRAM_CSS, ":root[data-theme=\"dark\"]");
    let find =
        |decls: &[(String, String)]| decls.iter().find(|(n, _)| n == var).map(|(_, v)| v.clone());
    let diagram = match theme {
        Theme::Dark => find(&dark).or_else(|| find(&light)),
        Theme::Light => find(&light),
    };
    let value = diagram.or_else(|| {
        let pair = find(&declarations(STYLE_CSS))?;
        let inner = pair.strip_prefix("light-dark(")?.strip_suffix(')')?;
        let (l, d) = inner.split_once(',')?;
        Some(match theme {
            Theme::Light => l.trim().to_owned(),
            Theme::Dark => d.trim().to_owned(),
        })
    });
    let value = value
        .unwrap_or_else(|| panic!("{var} is not declared in web/style.css or web/css/diagram.css"));
    match value.strip_prefix("var(").and_then(|v| v.strip_suffix(')')) {
        Some(other) => css_value(other.trim(), theme),
        None => value.to_ascii_lowercase(),
    }
}

#[test]
fn every_palette_colour_is_the_css_custom_property_it_copies() {
    for theme in Theme::ALL {
        let vars = theme.palette().vars();
        assert_eq!(vars.len(), 21 + 2 * layout::PALETTE_SIZE);
        for (var, value) in vars {
            assert_eq!(css_value(&var, theme), value, "{var} in the {theme} theme");
        }
    }
    // The system's dark scheme and the toggle's set the same colours.
    assert_eq!(
        block(DIAGRAM_CSS, ":root:not([data-theme=\"light\"])"),
        block(DIAGRAM_CSS, ":root[data-theme=\"dark\"]")
    );
}

#[test]
fn the_css_reader_sees_a_changed_colour() {
    // The check above can fail: the reader finds both kinds of declaration and resolves var().
    assert_eq!(css_value("--ns3-line", Theme::Dark), "#b77ff0");
    assert_eq!(
        css_value("--dg-bad", Theme::Light),
        css_value("--err", Theme::Light)
    );
    assert_ne!(LIGHT.vars(), DARK.vars());
}

#[test]
fn themes_read_from_their_names() {
    assert_eq!("dark".parse(), Ok(Theme::Dark));
    assert_eq!("light".parse::<Theme>().map(Theme::palette), Ok(&LIGHT));
    let err = "sepia".parse::<Theme>().unwrap_err();
    assert_eq!(err.to_string(), "unknown theme \"sepia\": light or dark");
}

/// A world of `yaml` after `script` has run (the examples' scripts, or none) to `at`.
fn world_at(yaml: &str, script: &str, at: u64) -> World {
    let loaded = load(yaml, DEFAULT_SEED);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    let mut world = World::from_loaded(&loaded, DEFAULT_SEED, Default::default());
    let script: Scenario = script.parse().expect("the script parses");
    for step in script.steps().iter().filter(|s| s.at.as_millis() <= at) {
        world.advance_to(SimTime::ZERO + step.at);
        let _ = podscope_core::apply(&mut world, &step.command);
    }
    world.advance_to(SimTime::from_millis(at));
    world
}

fn example_at(id: ExampleId, at: u64) -> World {
    let e = id.get();
    world_at(e.yaml, e.script, at)
}

/// Every element name and attribute of `svg`, after checking it parses as XML.
fn parsed(svg: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{e}\n{svg}"))
}

/// Checks what a standalone, inert SVG must be: the SVG namespace, a viewBox and a size,
/// no script, no `foreignObject`, no event handler attribute, no reference to anything.
fn assert_inert(svg: &str) {
    let doc = parsed(svg);
    let root = doc.root_element();
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2000/svg")
    );
    for attr in ["viewBox", "width", "height"] {
        assert!(root.attribute(attr).is_some(), "{attr}");
    }
    for node in doc.descendants().filter(|n| n.is_element()) {
        let name = node.tag_name().name().to_ascii_lowercase();
        assert!(
            ![
                "script",
                "foreignobject",
                "image",
                "use",
                "a",
                "img",
                "iframe"
            ]
            .contains(&name.as_str()),
            "<{name}>"
        );
        for a in node.attributes() {
            let n = a.name().to_ascii_lowercase();
            assert!(!n.starts_with("on"), "{n}={:?}", a.value());
            assert!(!n.contains("href") && !a.value().contains("url("), "{n}");
        }
    }
    let style = doc
        .descendants()
        .find(|n| n.has_tag_name("style"))
        .and_then(|n| n.text())
        .expect("a style sheet");
    assert!(
        !style.contains("url(") && !style.contains("@import"),
        "{style}"
    );
}

/// The texts of every `<text>` element (its own text, without its `<tspan>`s').
fn texts(svg: &str) -> Vec<String> {
    let doc = parsed(svg);
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text().map(str::to_owned))
        .collect()
}

const HOSTILE: &str = "<script>alert(1)</script>\"><img src=x onerror=alert(1)>]]><!-- &amp; & \u{0}\u{1}\u{8}\u{b}\u{c}\u{1b}[31m\u{7f}\u{85}\u{fffe}\u{ffff} 'x' <foreignObject/>";

/// `HOSTILE` as the document may show it: what XML 1.0 forbids (and the other controls) is
/// U+FFFD. Written out by hand, not with the module's own function.
const HOSTILE_SHOWN: &str = "<script>alert(1)</script>\"><img src=x onerror=alert(1)>]]><!-- &amp; & \u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}[31m\u{fffd}\u{fffd}\u{fffd}\u{fffd} 'x' <foreignObject/>";

/// Every text of the diagram replaced with `s`: what a page could be handed by a manifest,
/// a link or an embed, whatever validation would have said.
fn poison(d: &mut layout::Diagram, s: &str) {
    let line = |l: &mut TextLine| l.text = s.to_owned();
    d.node = s.to_owned();
    for h in &mut d.headings {
        h.label = s.to_owned();
    }
    for p in &mut d.pods {
        p.name = s.to_owned();
        p.namespace = s.to_owned();
        p.status = s.to_owned();
        p.ip = s.to_owned();
        p.qos = s.to_owned();
        p.previous_ip = Some(s.to_owned());
        for c in &mut p.containers {
            c.name = s.to_owned();
            c.image = s.to_owned();
            c.pid = Some(s.to_owned());
            c.processes.iter_mut().for_each(line);
        }
        if let Some(sb) = &mut p.sandbox {
            sb.image = s.to_owned();
            sb.pid = s.to_owned();
        }
        for v in &mut p.volumes {
            v.name = s.to_owned();
            line(&mut v.source);
            v.detail.iter_mut().for_each(line);
        }
        for m in &mut p.mounts {
            line(&mut m.text);
        }
        if let Some(n) = &mut p.pending_note {
            n.lines.iter_mut().for_each(line);
        }
    }
    for s2 in &mut d.summaries {
        s2.text = s.to_owned();
    }
    for sv in &mut d.services {
        sv.lines.iter_mut().for_each(line);
    }
}

#[test]
fn hostile_text_anywhere_stays_text() {
    let sidecar = layout::diagram(&example_at(ExampleId::NginxSidecar, 15_000));
    let demo = layout::diagram(&example_at(ExampleId::Demo, 14_000));
    for mut d in [sidecar, demo] {
        assert!(!d.pods.is_empty());
        poison(&mut d, HOSTILE);
        for theme in Theme::ALL {
            let svg = to_svg_with(&d, theme, Some(HOSTILE));
            assert_inert(&svg);
            let texts = texts(&svg);
            let shown = texts.iter().filter(|t| *t == HOSTILE_SHOWN).count();
            // The container titles, images, mounts, volumes, Services, the caption…
            assert!(shown >= 5, "{shown} of {texts:?}");
            for c in ['\u{0}', '\u{1}', '\u{1b}', '\u{7f}', '\u{fffe}', '\u{ffff}'] {
                assert!(!svg.contains(c), "{c:?} written raw");
            }
        }
    }
}

#[test]
fn the_page_svg_is_the_documents_drawing_without_its_style_and_background() {
    for (name, d) in cases() {
        let page = to_page_svg(&d);
        let doc = parsed(&page);
        let root = doc.root_element();
        assert_eq!(root.attribute("class"), Some("diagram"), "{name}");
        assert!(
            root.attribute("aria-label")
                .is_some_and(|l| l.contains("Pod "))
        );
        for tag in ["style", "script", "foreignObject", "title", "desc"] {
            assert!(
                !doc.descendants().any(|n| n.has_tag_name(tag)),
                "{name}: <{tag}>"
            );
        }
        assert!(!page.contains("class=\"background\""), "{name}");
        // The drawing itself: the document's, from after its background to its end.
        let document = to_svg(&d, Theme::Dark);
        let drawing = |svg: &str, from: &str| {
            let at = svg.find(from).expect("the drawing's start");
            let start = at + svg[at..].find(">\n").expect("the tag's end") + 2;
            svg[start..].to_owned()
        };
        assert_eq!(
            drawing(&page, "<svg"),
            drawing(&document, "class=\"background\""),
            "{name}"
        );
    }
    let mut hostile = layout::diagram(&example_at(ExampleId::Demo, 0));
    poison(&mut hostile, HOSTILE);
    let page = to_page_svg(&hostile);
    assert!(texts(&page).iter().filter(|t| *t == HOSTILE_SHOWN).count() >= 3);
    assert!(
        !page.contains("<script") && !page.contains("<img"),
        "{page}"
    );
}

#[test]
fn hostile_text_from_a_manifest_stays_text() {
    // What validation lets through to the drawing: an image (the API server only asks for
    // one without surrounding spaces; the kubelet then refuses it). Narration is checked as
    // the caption above, every other text by `poison`.
    let yaml = "\
apiVersion: v1
kind: Pod
metadata: {name: evil}
spec:
  containers:
  - name: app
    image: \"<img src=x onerror=f()>&\"
";
    let world = world_at(yaml, "", 30_000);
    let svg = to_svg(&layout::diagram(&world), Theme::Dark);
    assert_inert(&svg);
    let texts = texts(&svg);
    assert!(
        texts.iter().any(|t| t == "<img src=x onerror=f()>&"),
        "{texts:?}"
    );
}

#[test]
fn a_caption_is_wrapped_under_the_diagram_and_grows_the_document() {
    let d = layout::diagram(&example_at(ExampleId::Demo, 0));
    let words = "nginx was killed: the kubelet restarted it in the same sandbox, so RESTARTS is 1 and the IP stays. ".repeat(3);
    let svg = to_svg_with(&d, Theme::Light, Some(&words));
    let doc = parsed(&svg);
    let height: f32 = doc
        .root_element()
        .attribute("height")
        .and_then(|h| h.parse().ok())
        .expect("a height");
    let lines: Vec<_> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("caption"))
        .collect();
    assert!(lines.len() >= 3, "{}", lines.len());
    assert_eq!(height, d.height + 4.0 + lines.len() as f32 * 18.0 + 8.0);
    for l in &lines {
        let y: f32 = l.attribute("y").and_then(|y| y.parse().ok()).expect("a y");
        assert!(y > d.height && y < height, "{y}");
    }
    assert_eq!(
        to_svg_with(&d, Theme::Light, None),
        to_svg(&d, Theme::Light)
    );
}

/// The document with its style sheet cut out: what both themes share.
fn without_style(svg: &str) -> String {
    let start = svg.find("<style>").expect("a style sheet");
    let end = svg.find("</style>").expect("its end");
    format!("{}{}", &svg[..start], &svg[end..])
}

/// The pods the snapshots draw: the demo at time zero (images still pulling), a Deployment
/// with volumes and a Service, a Pending pod with its fix, a crash loop.
fn cases() -> Vec<(&'static str, layout::Diagram)> {
    let pending = "\
apiVersion: v1
kind: Pod
metadata: {name: picky}
spec:
  nodeSelector: {disktype: ssd}
  containers:
  - {name: app, image: \"nginx:1.21\"}
";
    vec![
        (
            "demo-at-0",
            layout::diagram(&example_at(ExampleId::Demo, 0)),
        ),
        (
            "sidecar-volumes-service",
            layout::diagram(&example_at(ExampleId::NginxSidecar, 15_000)),
        ),
        ("pending", layout::diagram(&world_at(pending, "", 5_000))),
        (
            "crashloop",
            layout::diagram(&example_at(ExampleId::CrashLoop, 30_000)),
        ),
    ]
}

#[test]
fn every_case_is_inert_and_the_themes_differ_in_their_style_sheet_alone() {
    for (name, d) in cases() {
        let light = to_svg(&d, Theme::Light);
        let dark = to_svg(&d, Theme::Dark);
        assert_inert(&light);
        assert_inert(&dark);
        assert_eq!(without_style(&light), without_style(&dark), "{name}");
        assert_ne!(light, dark, "{name}");
    }
}

#[test]
fn the_cases_show_their_states() {
    let cases = cases();
    let svg = |i: usize| to_svg(&cases[i].1, Theme::Light);
    assert!(svg(1).contains("class=\"disk\"") && svg(1).contains("class=\"service-box\""));
    assert!(svg(2).contains("class=\"pending\"") && svg(2).contains("class=\"fix-button\""));
    assert!(svg(3).contains("state-crashloopbackoff"), "{}", svg(3));
}

#[cfg(not(target_arch = "wasm32"))]
#[test]
fn snapshots_of_each_case() {
    for (name, d) in cases() {
        insta::assert_snapshot!(format!("{name}-light"), to_svg(&d, Theme::Light));
    }
    let (_, demo) = &cases()[0];
    insta::assert_snapshot!("demo-at-0-dark", to_svg(demo, Theme::Dark));
}

#[test]
fn every_rule_of_the_style_sheet_is_a_rule_of_the_page() {
    // The export's own: the document's defaults and background (the page's are on `:root`
    // and `.diagram`), and the caption.
    let own = ["svg", "text", ".background", ".caption"];
    let page = format!("{STYLE_CSS}\n{DIAGRAM_CSS}");
    let page = strip_comments(&page)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let svg = to_svg(
        &layout::diagram(&example_at(ExampleId::Demo, 0)),
        Theme::Light,
    );
    let sheet = svg
        .split_once("<style>")
        .and_then(|(_, rest)| rest.split_once("</style>"))
        .map(|(sheet, _)| sheet.trim().to_owned())
        .expect("the document has a style sheet");
    let mut checked = 0;
    for line in sheet.lines() {
        let selectors = line.split('{').next().expect("a selector");
        for selector in selectors.split(',').filter(|s| !own.contains(s)) {
            assert!(
                page.contains(&format!("{selector} {{")) || page.contains(&format!("{selector},")),
                "{selector} is not a rule of web/style.css or web/css/diagram.css"
            );
            checked += 1;
        }
    }
    assert!(checked > 40, "{checked}");
}

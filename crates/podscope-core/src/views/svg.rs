//! The diagram as a standalone SVG document: the layout the page draws (`layout::Diagram`),
//! with the same elements, classes and colours as crates/podscope-web/src/diagram.rs and
//! web/css, in the light or the dark theme, for a post, a README or a slide
//! (`podscope svg`, docs/svg.md). The document carries its own style sheet and background; it
//! has no script, no `foreignObject` and no external reference, and every text from the
//! manifest is escaped (`xml`).
//!
//! One file per job: `palette` (the themes' colours, copied from the CSS and checked against
//! it), `style` (the style sheet), `draw` (the parts), `xml` (escaping and writing).

mod draw;
mod palette;
mod style;
mod xml;

pub use draw::state_class;
pub use palette::{DARK, LIGHT, NsColor, Palette, Theme, UnknownTheme};

use crate::views::layout::{CHAR_W, Diagram, describe, wrap};

use xml::{Xml, num};

/// The SVG namespace.
const SVG_NS: &str = "http://www.w3.org/2000/svg";
/// A caption's lines: from one baseline to the next, and the room above the first.
const CAPTION_LINE: f32 = 18.0;
const CAPTION_TOP: f32 = 4.0;
/// The room under the last line of a caption.
const CAPTION_BOTTOM: f32 = 8.0;
/// The caption's left and right margin (the layout's `MARGIN`).
const CAPTION_MARGIN: f32 = 16.0;

/// The diagram as an SVG document in `theme`.
pub fn to_svg(diagram: &Diagram, theme: Theme) -> String {
    to_svg_with(diagram, theme, None)
}

/// The diagram as an `<svg>` element for a page that carries the playground's style sheets
/// (web/style.css, web/css/diagram.css): the same drawing with no style sheet and no
/// background of its own and the page diagram's class, so the page's CSS colours it in the
/// page's theme (light or dark, as it colours the app's drawing). `cargo xtask build` puts
/// the default example's into index.html, the picture before the wasm.
pub fn to_page_svg(diagram: &Diagram) -> String {
    let (w, h) = (num(diagram.width), num(diagram.height));
    let mut x = Xml::default();
    x.open(
        "svg",
        &[
            ("xmlns", SVG_NS),
            ("class", "diagram"),
            ("viewBox", &format!("0 0 {w} {h}")),
            ("width", &w),
            ("height", &h),
            ("role", "img"),
            ("aria-label", &describe(diagram)),
        ],
    );
    draw::diagram(&mut x, diagram);
    x.close("svg");
    x.finish()
}

/// The diagram as an SVG document in `theme`, with `caption` (a tour's narration) in lines
/// under it.
pub fn to_svg_with(diagram: &Diagram, theme: Theme, caption: Option<&str>) -> String {
    let palette = theme.palette();
    let width = diagram.width;
    let columns = ((width - 2.0 * CAPTION_MARGIN) / CHAR_W).floor().max(1.0) as usize;
    let caption = caption.map(|c| wrap(c, columns)).unwrap_or_default();
    let height = match caption.len() {
        0 => diagram.height,
        n => diagram.height + CAPTION_TOP + n as f32 * CAPTION_LINE + CAPTION_BOTTOM,
    };
    let (w, h) = (num(width), num(height));
    let mut x = Xml::default();
    x.open(
        "svg",
        &[
            ("xmlns", SVG_NS),
            ("viewBox", &format!("0 0 {w} {h}")),
            ("width", &w),
            ("height", &h),
            ("role", "img"),
            ("aria-labelledby", "podscope-title podscope-desc"),
        ],
    );
    x.element(
        "title",
        &[("id", "podscope-title")],
        "The pods as the node sees them (podscope)",
    );
    x.element("desc", &[("id", "podscope-desc")], &describe(diagram));
    x.open("style", &[]);
    x.raw(&style::sheet(palette));
    x.close("style");
    // The page's background, so the drawing reads the same on any page (a style rule, so that
    // the themes differ in the style sheet alone).
    x.empty(
        "rect",
        &[("class", "background"), ("width", &w), ("height", &h)],
    );
    draw::diagram(&mut x, diagram);
    for (i, line) in caption.iter().enumerate() {
        let y = diagram.height + CAPTION_TOP + (i as f32 + 0.75) * CAPTION_LINE;
        x.element(
            "text",
            &[
                ("class", "caption"),
                ("x", &num(CAPTION_MARGIN)),
                ("y", &num(y)),
            ],
            line,
        );
    }
    x.close("svg");
    x.finish()
}

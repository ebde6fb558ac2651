//! Export of the drawing: the SVG element serialized with the styles the page resolved for
//! each element written inline (so the file looks the same outside the page, in the current
//! theme), offered as a download through a Blob URL; and the same drawn on a canvas at twice
//! the size for a PNG. Nothing leaves the page: the Blob URLs are the page's own.

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{Blob, BlobPropertyBag, Element, HtmlAnchorElement, HtmlCanvasElement, Url};
use yew::prelude::*;

/// The properties written inline: what the stylesheets decide about a shape or a text.
const PROPS: [&str; 11] = [
    "fill",
    "stroke",
    "stroke-width",
    "stroke-dasharray",
    "opacity",
    "font-family",
    "font-size",
    "font-weight",
    "text-anchor",
    "visibility",
    "display",
];

/// The export buttons.
pub(super) fn toolbar(svg: NodeRef) -> Html {
    let as_svg = {
        let svg = svg.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(text) = svg.cast::<Element>().and_then(|e| serialize(&e)) {
                download_text(&text, "image/svg+xml", "podscope.svg", "export-link-svg");
            }
        })
    };
    let as_png = Callback::from(move |_: MouseEvent| {
        if let Some(e) = svg.cast::<Element>() {
            png(&e);
        }
    });
    html! {
        <div class="diagram-toolbar" role="toolbar" aria-label="Export the diagram">
            <button data-testid="export-svg" onclick={as_svg}
                    title="Download the diagram as an SVG file">{"export SVG"}</button>
            <button data-testid="export-png" onclick={as_png}
                    title="Download the diagram as a PNG image">{"export PNG"}</button>
            <span class="export-links" data-testid="export-links"></span>
        </div>
    }
}

/// The SVG's markup with every element's resolved style inline.
fn serialize(svg: &Element) -> Option<String> {
    let window = web_sys::window()?;
    let copy: Element = svg.clone_node_with_deep(true).ok()?.dyn_into().ok()?;
    let from = svg.query_selector_all("*").ok()?;
    let to = copy.query_selector_all("*").ok()?;
    for i in 0..from.length().min(to.length()) {
        let (Some(a), Some(b)) = (from.item(i), to.item(i)) else {
            continue;
        };
        let (Ok(a), Ok(b)) = (a.dyn_into::<Element>(), b.dyn_into::<Element>()) else {
            continue;
        };
        let Ok(Some(style)) = window.get_computed_style(&a) else {
            continue;
        };
        let inline: String = PROPS
            .iter()
            .filter_map(|p| {
                let v = style.get_property_value(p).ok()?;
                (!v.is_empty()).then(|| format!("{p}:{v};"))
            })
            .collect();
        let _ = b.set_attribute("style", &inline);
    }
    // The page's background, so the file reads in either theme.
    if let Ok(Some(style)) = window.get_computed_style(svg) {
        let bg = style
            .get_property_value("background-color")
            .unwrap_or_default();
        let _ = copy.set_attribute("style", &format!("background-color:{bg}"));
    }
    copy.remove_attribute("class").ok()?;
    web_sys::XmlSerializer::new()
        .ok()?
        .serialize_to_string(&copy)
        .ok()
}

fn blob(parts: &wasm_bindgen::JsValue, mime: &str) -> Option<Blob> {
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    Blob::new_with_str_sequence_and_options(parts, &options).ok()
}

fn download_text(text: &str, mime: &str, name: &str, testid: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    if let Some(b) = blob(&parts, mime) {
        download(&b, name, testid);
    }
}

/// Offers `blob` as the download `name` through a link the page keeps (the newest export of
/// each kind), and clicks it.
fn download(blob: &Blob, name: &str, testid: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(url) = Url::create_object_url_with_blob(blob) else {
        return;
    };
    let Some(links) = document
        .query_selector("[data-testid=\"export-links\"]")
        .ok()
        .flatten()
    else {
        return;
    };
    if let Ok(Some(old)) = links.query_selector(&format!("[data-testid=\"{testid}\"]"))
        && let Some(href) = old.get_attribute("href")
    {
        let _ = Url::revoke_object_url(&href);
        old.remove();
    }
    let Ok(a) = document.create_element("a") else {
        return;
    };
    let _ = a.set_attribute("href", &url);
    let _ = a.set_attribute("download", name);
    let _ = a.set_attribute("data-testid", testid);
    let _ = a.set_attribute("data-bytes", &(blob.size() as u64).to_string());
    a.set_text_content(Some(name));
    let _ = links.append_child(&a);
    if let Ok(a) = a.dyn_into::<HtmlAnchorElement>() {
        a.click();
    }
}

/// Draws the serialized SVG on a canvas at twice its size and offers the PNG.
fn png(svg: &Element) {
    let Some(text) = serialize(svg) else {
        return;
    };
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(&text));
    let Some(b) = blob(&parts, "image/svg+xml") else {
        return;
    };
    let Ok(url) = Url::create_object_url_with_blob(&b) else {
        return;
    };
    let Ok(image) = web_sys::HtmlImageElement::new() else {
        return;
    };
    let width = svg
        .get_attribute("width")
        .and_then(|w| podscope_float::parse(&w))
        .unwrap_or(660.0);
    let height = svg
        .get_attribute("height")
        .and_then(|h| podscope_float::parse(&h))
        .unwrap_or(400.0);
    let loaded = image.clone();
    let svg_url = url.clone();
    let onload = Closure::once_into_js(move || {
        let _ = Url::revoke_object_url(&svg_url);
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let Some(canvas) = document
            .create_element("canvas")
            .ok()
            .and_then(|c| c.dyn_into::<HtmlCanvasElement>().ok())
        else {
            return;
        };
        canvas.set_width((width * 2.0) as u32);
        canvas.set_height((height * 2.0) as u32);
        let Some(ctx) = canvas
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
        else {
            return;
        };
        let _ = ctx.draw_image_with_html_image_element_and_dw_and_dh(
            &loaded,
            0.0,
            0.0,
            width * 2.0,
            height * 2.0,
        );
        let done = Closure::once_into_js(move |png: Option<Blob>| {
            if let Some(png) = png {
                download(&png, "podscope.png", "export-link-png");
            }
        });
        let _ = canvas.to_blob(done.unchecked_ref());
    });
    image.set_onload(Some(onload.unchecked_ref()));
    image.set_src(&url);
}

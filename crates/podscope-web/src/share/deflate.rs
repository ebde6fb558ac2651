//! The browser's raw deflate (`CompressionStream("deflate-raw")`, as `embed.js` uses it) for
//! the links the page writes, so that the wasm carries no deflate of its own (miniz's is
//! 8.6 KB of the page's gzip, docs/figures.md). The core's `link::from_deflated` makes the
//! fragment; its `link::decode` reads any raw deflate back.

use js_sys::Uint8Array;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, ReadableStream, ReadableWritablePair, Response, WritableStream};

// web-sys 0.3 has `CompressionStream` only behind `--cfg web_sys_unstable_apis`; these are
// the three members the page uses (Compression Streams standard, §5 "Interface
// CompressionStream": a constructor taking the format, and `GenericTransformStream`'s
// `readable` and `writable`).
#[wasm_bindgen]
extern "C" {
    type CompressionStream;
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<CompressionStream, JsValue>;
    #[wasm_bindgen(method, getter)]
    fn readable(this: &CompressionStream) -> ReadableStream;
    #[wasm_bindgen(method, getter)]
    fn writable(this: &CompressionStream) -> WritableStream;
}

/// `text`'s UTF-8 bytes as raw deflate; the reason when the browser cannot.
pub async fn deflate_raw(text: &str) -> Result<Vec<u8>, String> {
    let failed = |e: JsValue| {
        let why = e
            .dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .unwrap_or_else(|| format!("{e:?}"));
        format!(
            "this browser could not compress the link ({why}); it needs CompressionStream(\"deflate-raw\")"
        )
    };
    let parts = js_sys::Array::of1(&text.into());
    let blob = Blob::new_with_str_sequence(&parts).map_err(failed)?;
    let stream = CompressionStream::new("deflate-raw").map_err(failed)?;
    let pair = ReadableWritablePair::new(&stream.readable(), &stream.writable());
    let deflated: ReadableStream = blob.stream().pipe_through(&pair);
    let response = Response::new_with_opt_readable_stream(Some(&deflated)).map_err(failed)?;
    let buffer = JsFuture::from(response.array_buffer().map_err(failed)?)
        .await
        .map_err(failed)?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

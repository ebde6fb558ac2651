//! What the browser test files share: mounting the app into its own root and unmounting it
//! when done.

use podscope_web::{App, AppProps};
use web_sys::Element;
use yew::AttrValue;

pub fn document() -> web_sys::Document {
    gloo_utils::document()
}

/// A mounted app; dropping it unmounts it, so no test's clock keeps ticking into the next
/// (the runner gives the whole suite 20 s).
pub struct Mounted {
    root: Element,
    handle: Option<yew::AppHandle<App>>,
}

impl std::ops::Deref for Mounted {
    type Target = Element;
    fn deref(&self) -> &Element {
        &self.root
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        if let Some(handle) = self.handle.take() {
            handle.destroy();
        }
        self.root.remove();
    }
}

/// A fresh element at the end of the page's body to mount a component into.
pub fn new_root() -> Element {
    let root = document().create_element("div").expect("a div");
    document()
        .body()
        .expect("a body")
        .append_child(&root)
        .expect("appended");
    root
}

/// Mounts a fresh app into its own root and lets it render.
pub async fn mount(yaml: &str) -> Mounted {
    let root = new_root();
    let props = AppProps {
        initial_yaml: Some(AttrValue::from(yaml.to_owned())),
    };
    let handle = yew::Renderer::<App>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    Mounted {
        root,
        handle: Some(handle),
    }
}

//! Mounts the podscope playground on the page.

fn main() {
    yew::Renderer::<podscope_web::App>::new().render();
}

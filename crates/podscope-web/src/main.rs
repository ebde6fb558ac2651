//! Mounts the podscope playground on the page, with the panic hook installed first.

fn main() {
    podscope_web::panic::install();
    yew::Renderer::<podscope_web::App>::new().render();
}

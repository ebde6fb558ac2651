//! Mounts the podscope page: the playground with its panic hook installed first, or the embed,
//! which has no crash recovery to install (it saves nothing).

fn main() {
    if !podscope_web::page::is_embed() {
        podscope_web::panic::install();
    }
    yew::Renderer::<podscope_web::Page>::new().render();
}

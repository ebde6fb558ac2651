//! Text renderers: what real tools print, from the world's state.

pub mod inspect;
pub mod json;
pub mod lsns;
pub mod node_shell;

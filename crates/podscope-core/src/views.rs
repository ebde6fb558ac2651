//! Text renderers: what real tools print, from the world's state.

pub mod crictl;
pub mod docker;
pub mod hostps;
pub mod inspect;
pub mod json;
pub mod kubectl;
pub mod lsns;
pub mod node_shell;
pub mod tabwriter;

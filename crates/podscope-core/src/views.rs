//! Views: what real tools print and what the diagram shows, read from the world's state.
//! Text renderers (kubectl, crictl, docker, host ps/lsns, inspect) and the diagram's geometry
//! (`layout`). Views only read: they use `model`, `admission` and `sim`, and change nothing.

pub mod compare;
pub mod crictl;
pub mod docker;
pub mod hostps;
pub mod inspect;
pub mod inspector;
pub mod json;
pub mod kubectl;
pub mod layout;
pub mod lsns;
pub mod svg;
pub mod tabwriter;

//! Scenarios: user intents and their dispatch. `Command`s and their text form, carrying one
//! out against the world (`dispatch`), the node's shell (`node_shell`: kubectl, crictl,
//! docker, ps, lsns), timed scripts and their transcripts (`script`), a manifest and its script
//! as one text (`bundle`) and as a URL fragment (`link`), and the examples. The top layer: it uses every layer below and
//! nothing uses it.

pub mod bundle;
pub mod command;
pub mod compare;
pub mod dispatch;
pub mod examples;
pub mod link;
pub mod node_shell;
pub mod script;

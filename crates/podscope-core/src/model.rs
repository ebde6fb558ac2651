//! The model: plain data every other layer builds on. Typed identifiers, the virtual clock and
//! the seeded generator, diagnostics and spans, quantities and cgroup values, the typed pod and
//! cluster objects converted once from the API types, Linux namespaces and runtime profiles.
//! It uses nothing from the layers above it (`admission`, `sim`, `views`, `scenario`).

pub mod base64;
pub mod cluster;
pub mod diag;
pub mod gates;
pub mod go_case;
pub mod humanize;
pub mod ids;
pub mod image_ref;
pub mod json;
pub mod kinds;
pub mod kubeconfig;
pub mod kubectl;
pub mod linux_ns;
pub mod ns_options;
pub mod patch;
pub mod refs;
pub mod resources;
pub mod rng;
pub mod runtime;
pub mod signal;
pub mod sort;
pub mod spans;
pub mod spec;
pub mod stand_in;
pub mod time;
pub mod validate;
pub mod workload;
pub mod yaml;

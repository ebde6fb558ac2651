//! The simulation: the world on its virtual clock. Nodes and their process tables, the kubelet
//! (sandboxes, starts, restarts, back-off, probes, pulls, deletion), the processes and shells
//! inside containers, and the controllers (Deployments, ReplicaSets, Jobs), plus `kubectl
//! apply` of a changed manifest. Uses `model` and `admission`; never `views` or `scenario`.

pub mod controllers;
pub mod debug;
pub mod delete;
pub mod env;
pub mod event;
pub mod exec;
pub mod fs;
pub mod gc;
pub mod image;
pub mod kubectl_apply;
pub mod kubectl_create;
pub mod kubectl_expose;
pub mod kubectl_label;
pub mod kubectl_patch;
pub mod kubelet;
mod listeners;
pub mod node;
pub mod outcome;
mod pod_admission;
mod pods;
pub mod probes;
pub mod process;
pub mod procs;
pub mod pull;
pub(crate) mod refusals;
pub mod resolve;
mod runc_init;
pub mod security;
mod service_accounts;
pub mod static_pods;
pub mod status;
pub mod storage;
pub mod termination;
pub mod user_files;
pub mod volumes;
pub mod world;

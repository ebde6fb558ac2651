//! Admission: from the user's text to admitted objects. Splits and decodes the manifest,
//! validates it with the API server's rules and messages, runs the controllers' naming
//! (Deployment → ReplicaSet → Pods) and schedules pods onto nodes. Uses only `model`.

pub mod admit;
pub mod decode;
pub mod fields;
pub mod last_applied;
pub mod limit_ranger;
pub mod load;
pub mod manifest;
pub mod namespace_param;
pub mod quota;
pub mod scheduler;
pub mod yaml11;

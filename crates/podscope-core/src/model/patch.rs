//! The three patch kinds `kubectl patch --type` sends and the API server applies to an object's
//! JSON: a strategic merge patch (`strategic`, apimachinery pkg/util/strategicpatch, with the
//! struct tags of the API types in `schema`), a JSON merge patch (`merge`, RFC 7386) and a
//! JSON patch (`json`, RFC 6902). Pure functions over `serde_json::Value`.

pub mod go_fmt;
pub mod json_patch;
pub mod merge_patch;
pub mod schema;
pub mod strategic_merge;

/// `kubectl patch --type`: kubectl pkg/cmd/patch/patch.go `patchTypes`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum PatchType {
    /// `json`: a JSON patch (RFC 6902).
    Json,
    /// `merge`: a JSON merge patch (RFC 7386).
    Merge,
    /// `strategic`, the default: a strategic merge patch.
    #[default]
    Strategic,
}

impl PatchType {
    /// The `--type` names, as patch.go's `sets.List(sets.KeySet(patchTypes))` sorts them.
    pub const NAMES: [&'static str; 3] = ["json", "merge", "strategic"];

    /// patch.go `Validate`: the name, any case (`strings.ToLower`).
    pub fn parse(name: &str) -> Option<PatchType> {
        match name.to_ascii_lowercase().as_str() {
            "json" => Some(PatchType::Json),
            "merge" => Some(PatchType::Merge),
            "strategic" => Some(PatchType::Strategic),
            _ => None,
        }
    }
}

/// Why the API server refused a patch, with the status kubectl prints it under
/// (apiserver pkg/endpoints/handlers/patch.go `interpretStrategicMergePatchError`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PatchError {
    /// 400: `Error from server (BadRequest): MESSAGE`.
    BadRequest(String),
    /// 422 without a reason, and any other error the patch functions return (a plain Go
    /// error the handler passes on): `Error from server: MESSAGE`.
    Plain(String),
    /// 422 with reason Invalid and no details: `The request is invalid: MESSAGE`.
    Invalid(String),
}

/// The message of a 422 the API server builds without details (apimachinery errors.go
/// `NewGenericServerResponse`, `StatusUnprocessableEntity`): the library's own text is
/// dropped.
pub const UNPROCESSABLE: &str = "the server rejected our request due to an error in our request";

impl PatchError {
    /// What kubectl prints (pkg/cmd/util/helpers.go `StandardErrorMessage`).
    pub fn render(&self) -> String {
        match self {
            PatchError::BadRequest(m) => format!("Error from server (BadRequest): {m}\n"),
            PatchError::Plain(m) => format!("Error from server: {m}\n"),
            PatchError::Invalid(m) => format!("The request is invalid: {m}\n"),
        }
    }
}

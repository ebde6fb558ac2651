//! `load`: the first half of the pipeline as one call. Parses a manifest, validates and admits
//! it, and returns the typed pods, the cluster objects and every diagnostic, sorted by line.

use crate::admission::namespace_param::{self, NamespaceParam};
use crate::admission::{admit, manifest};
use crate::model::diag::Diagnostic;
use crate::model::sort::CompactSort;
use crate::model::{cluster, rng, spec};

/// The largest text `load` reads: the API server's 3 MiB limit on a request body
/// (staging/src/k8s.io/apiserver/pkg/server/config.go `MaxRequestBodyBytes`), applied to the
/// whole text so that no input can make the page hang.
pub const MAX_INPUT_BYTES: usize = 3 * 1024 * 1024;

/// A manifest read, validated and admitted: the pods to run and everything worth saying.
#[derive(Clone, Debug, Default)]
pub struct Loaded {
    pub pods: Vec<spec::PodSpec>,
    /// The objects accepted, in the manifest's order (what `kubectl apply` would report).
    pub objects: Vec<admit::Admitted>,
    /// Nodes, namespaces, Services, ConfigMaps and Secrets.
    pub cluster: cluster::Cluster,
    pub diagnostics: Vec<Diagnostic>,
    /// kubectl's errors for objects it refused before sending them (`--namespace`
    /// mismatches), in the manifest's order.
    pub refused: Vec<String>,
    /// What `kubectl apply` writes as each object's last-applied-configuration, by kind and
    /// key (`last_applied.rs`).
    pub last_applied: podscope_collections::Map<(String, crate::model::ids::ObjectKey), String>,
}

impl Loaded {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Parses, validates and admits a manifest text. Names that controllers generate come from
/// `seed`, so the same text and seed always give the same pods.
pub fn load(text: &str, seed: u64) -> Loaded {
    load_into(text, seed, None)
}

/// `load_into` for `kubectl apply -f`, with the last-applied-configuration annotation
/// `kubectl apply` writes on each object (computed only here: `load` is a hot path), its
/// namespace the one `-n` or the context gives the objects that name none.
pub fn load_for_apply(text: &str, seed: u64, param: Option<NamespaceParam<'_>>) -> Loaded {
    let namespace = param.as_ref().map_or("default", |p| p.namespace).to_owned();
    let mut loaded = load_into(text, seed, param);
    loaded.last_applied = super::last_applied::annotations(text, &namespace);
    loaded
}

/// `load` as `kubectl -f` reads a file: with a namespace for the objects that name none
/// (`namespace_param`).
pub fn load_into(text: &str, seed: u64, param: Option<NamespaceParam<'_>>) -> Loaded {
    if text.len() > MAX_INPUT_BYTES {
        let message = format!(
            "the manifest is {} bytes; podscope reads at most {MAX_INPUT_BYTES} (the API server's request body limit)",
            text.len()
        );
        return Loaded {
            diagnostics: vec![Diagnostic::error(None, message)],
            ..Loaded::default()
        };
    }
    let mut manifest = manifest::parse(text);
    let refused = param
        .map(|p| namespace_param::require_namespace(&mut manifest, p))
        .unwrap_or_default();
    // A generator of its own, so admission does not shift the world's IDs.
    let mut rng = rng::SeededRng::new(seed ^ 0x5EED_AD41_7000_0001);
    let admission = admit::admit(&manifest, &mut rng);
    let mut diagnostics = manifest.diagnostics;
    diagnostics.extend(admission.diagnostics);
    diagnostics.sort_compact_by_key(|d| d.location.map(|l| (l.line, l.column)));
    Loaded {
        pods: admission.pods,
        objects: admission.objects,
        cluster: admission.cluster,
        diagnostics,
        refused,
        last_applied: podscope_collections::Map::new(),
    }
}

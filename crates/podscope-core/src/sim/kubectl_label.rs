//! `kubectl label` and `kubectl annotate` of pods and nodes: the object's labels or
//! annotations changed as kubectl's `labelFunc` / `updateAnnotations` change them, and what
//! it prints (`pod/x labeled`, `not labeled`, `unlabeled`: label.go
//! `updateDataChangeMsg`; annotate.go prints `annotated`). A pod whose labels change is
//! claimed or released by the ReplicaSets (`controllers/replicaset.rs`).

use std::collections::BTreeMap;

use crate::model::ids::ObjectKey;
use crate::model::kubectl::resource::Resource;
use crate::model::kubectl::{Label, MetaField, not_modelled};
use crate::sim::outcome::Output;
use crate::sim::world::World;

/// The JSON size of a string map, as `updateDataChangeMsg` compares the objects' bytes
/// (only this map differs between them).
fn json_len(m: &BTreeMap<String, String>) -> usize {
    m.iter().map(|(k, v)| k.len() + v.len() + 6).sum()
}

/// label.go `labelFunc` / annotate.go `updateAnnotations` on one map: the `--overwrite`
/// check, then the changes; the error is kubectl's.
fn change(old: &BTreeMap<String, String>, l: &Label) -> Result<BTreeMap<String, String>, String> {
    if !l.overwrite {
        let clashes: Vec<String> = l
            .set
            .iter()
            .filter(|(k, v)| {
                // annotate.go: the change-cause annotation may always be overwritten.
                let exempt =
                    l.field == MetaField::Annotations && *k == "kubernetes.io/change-cause";
                !exempt && old.get(*k).is_some_and(|cur| cur != *v)
            })
            .map(|(k, _)| {
                format!(
                    "'{k}' already has a value ({})",
                    old.get(k).map_or("", String::as_str)
                )
            })
            .collect();
        match (l.field, clashes.as_slice()) {
            (_, []) => {}
            (MetaField::Labels, [one]) => return Err(format!("{one}, and --overwrite is false")),
            // utilerrors.NewAggregate of several errors.
            (MetaField::Labels, many) => {
                let each: Vec<String> = many
                    .iter()
                    .map(|c| format!("{c}, and --overwrite is false"))
                    .collect();
                return Err(format!("[{}]", each.join(", ")));
            }
            (MetaField::Annotations, many) => {
                return Err(format!(
                    "--overwrite is false but found the following declared annotation(s): {}",
                    many.join("; ")
                ));
            }
        }
    }
    let mut new = old.clone();
    new.extend(l.set.iter().map(|(k, v)| (k.clone(), v.clone())));
    for k in &l.remove {
        new.remove(k);
    }
    Ok(new)
}

impl World {
    /// Runs a parsed `kubectl label|annotate` of pods and nodes.
    pub fn kubectl_label(&mut self, l: &Label) -> Output {
        let objects = l.targets.objects();
        let verb = match l.field {
            MetaField::Labels => "kubectl label",
            MetaField::Annotations => "kubectl annotate",
        };
        for o in &objects {
            let a = o.resource.api();
            let node = a.plural == "nodes" && a.group.is_empty();
            if o.resource != Resource::Pods && !(node && l.field == MetaField::Labels) {
                return Output::failed(not_modelled(&format!("{verb} {}", a.plural)), 1);
            }
        }
        let mut out = Output::ok("");
        let mut errors = String::new();
        for o in &objects {
            let prefix = o.resource.kind_prefix();
            let result = if o.resource == Resource::Pods {
                self.relabel_pod(&ObjectKey::new(&l.namespace, &o.name), l)
            } else {
                self.relabel_node(&o.name, l)
            };
            match result {
                Some(Ok(word)) => out.text.push_str(&format!("{prefix}/{} {word}\n", o.name)),
                Some(Err(e)) => errors.push_str(&format!("error: {e}\n")),
                None => errors.push_str(&o.resource.not_found(&o.name)),
            }
        }
        if !errors.is_empty() {
            out.text.push_str(&errors);
            out.status = 1;
        }
        self.reconcile(true);
        out
    }

    /// What kubectl prints after the object (`labeled`, `not labeled`, `unlabeled`,
    /// `annotated`).
    fn change_word(
        l: &Label,
        old: &BTreeMap<String, String>,
        new: &BTreeMap<String, String>,
    ) -> &'static str {
        match l.field {
            MetaField::Annotations => "annotated",
            MetaField::Labels if old == new => "not labeled",
            MetaField::Labels if !l.overwrite && json_len(new) < json_len(old) => "unlabeled",
            MetaField::Labels => "labeled",
        }
    }

    fn relabel_pod(&mut self, key: &ObjectKey, l: &Label) -> Option<Result<&'static str, String>> {
        let p = self.pod_id(key)?;
        let pod = self.pods.get_mut(p)?;
        let meta = &mut pod.spec.api.metadata;
        let old = match l.field {
            MetaField::Labels => pod.spec.labels.clone(),
            MetaField::Annotations => meta.annotations.clone().unwrap_or_default(),
        };
        let new = match change(&old, l) {
            Ok(n) => n,
            Err(e) => return Some(Err(e)),
        };
        let word = Self::change_word(l, &old, &new);
        match l.field {
            MetaField::Labels => {
                meta.labels = Some(new.clone());
                pod.spec.labels = new;
            }
            MetaField::Annotations => meta.annotations = Some(new),
        }
        Some(Ok(word))
    }

    fn relabel_node(&mut self, name: &str, l: &Label) -> Option<Result<&'static str, String>> {
        let old = self
            .cluster
            .nodes()
            .iter()
            .find(|n| n.name == name)?
            .labels
            .clone();
        let new = match change(&old, l) {
            Ok(n) => n,
            Err(e) => return Some(Err(e)),
        };
        let word = Self::change_word(l, &old, &new);
        self.set_node_labels(name, &new);
        Some(Ok(word))
    }
}

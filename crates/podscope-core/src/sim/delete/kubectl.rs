//! `kubectl delete pod …` typed on the node: which pods and grace period it asks for, and
//! what it prints (kubernetes/kubectl pkg/cmd/delete/delete.go).

use crate::model::ids::ObjectKey;
use crate::sim::outcome::Output;
use crate::sim::world::World;

/// A parsed `kubectl delete` of pods.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeletePods {
    pub pods: Vec<ObjectKey>,
    /// `--grace-period` (`--now` is 1); `None` uses the pod's own.
    pub grace: Option<u64>,
}

/// Reads `kubectl delete pod|pods|po NAME… [-n NS] [--grace-period=N] [--now]` and
/// `kubectl delete pod/NAME`; anything else is not a pod deletion this model runs.
pub fn parse(line: &str) -> Option<DeletePods> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let rest = match words.as_slice() {
        ["sudo", "kubectl", "delete", rest @ ..] | ["kubectl", "delete", rest @ ..] => rest,
        _ => return None,
    };
    let mut namespace = "default".to_owned();
    let mut names = Vec::new();
    let mut kind_seen = false;
    let mut grace: Option<i64> = None;
    let mut i = 0;
    while let Some(w) = rest.get(i).copied() {
        i += 1;
        if let Some(v) = w.strip_prefix("--namespace=") {
            namespace = v.to_owned();
            continue;
        }
        if let Some(v) = w.strip_prefix("--grace-period=") {
            grace = Some(v.parse().ok()?);
            continue;
        }
        match w {
            "-n" | "--namespace" => {
                namespace = (*rest.get(i)?).to_owned();
                i += 1;
            }
            "--grace-period" => {
                grace = Some(rest.get(i)?.parse().ok()?);
                i += 1;
            }
            "--now" => grace = Some(1),
            _ if w.starts_with('-') => return None,
            "pod" | "pods" | "po" if !kind_seen && names.is_empty() => kind_seen = true,
            _ if !kind_seen => {
                let (kind, name) = w.split_once('/')?;
                if !matches!(kind, "pod" | "pods" | "po") || name.is_empty() {
                    return None;
                }
                names.push(name.to_owned());
            }
            name => names.push(name.to_owned()),
        }
    }
    if names.is_empty() {
        return None;
    }
    // delete.go `Complete`: `--grace-period=0` without `--force` becomes 1; negative means
    // the object's default.
    let grace = match grace {
        Some(0) => Some(1),
        Some(g) if g > 0 => u64::try_from(g).ok(),
        _ => None,
    };
    Some(DeletePods {
        pods: names
            .into_iter()
            .map(|n| ObjectKey::new(&namespace, &n))
            .collect(),
        grace,
    })
}

impl World {
    /// Runs a parsed `kubectl delete`: each pod is deleted (graceful, as the API server does
    /// it), or the NotFound error is printed. The simulated kubectl returns at once, as with
    /// `--wait=false`; `kubectl get pods` then shows the pod `Terminating` until it is gone.
    pub fn kubectl_delete(&mut self, d: &DeletePods) -> Output {
        let mut out = Output::ok("");
        for key in &d.pods {
            match self.pod_id(key) {
                Some(p) => out.text.push_str(&self.delete_pod(p, d.grace).text),
                None => {
                    out.text.push_str(&format!(
                        "Error from server (NotFound): pods \"{}\" not found\n",
                        key.name
                    ));
                    out.status = 1;
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn reads_the_usual_spellings() {
        let one = |line: &str| parse(line).map(|d| (d.pods, d.grace));
        let demo = vec![ObjectKey::new("default", "demo")];
        assert_eq!(one("kubectl delete pod demo"), Some((demo.clone(), None)));
        assert_eq!(one("kubectl delete pods/demo"), Some((demo.clone(), None)));
        assert_eq!(
            one("kubectl delete po demo --now"),
            Some((demo.clone(), Some(1)))
        );
        assert_eq!(
            one("kubectl delete pod demo --grace-period=0"),
            Some((demo.clone(), Some(1)))
        );
        assert_eq!(
            one("kubectl delete pod demo --grace-period 5"),
            Some((demo, Some(5)))
        );
        assert_eq!(
            one("kubectl delete pod -n web a b").map(|(p, _)| p),
            Some(vec![ObjectKey::new("web", "a"), ObjectKey::new("web", "b")])
        );
        assert_eq!(one("kubectl delete deployment web"), None);
        assert_eq!(one("kubectl delete pod"), None);
        assert_eq!(one("kubectl delete pod demo --force"), None);
        assert_eq!(one("kubectl get pods"), None);
    }
}

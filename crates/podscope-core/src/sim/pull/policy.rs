//! `imagePullPolicy`: its values, the API server's defaulting, and whether the kubelet pulls.

use crate::model::image_ref;

/// `spec.containers[].imagePullPolicy`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PullPolicy {
    Always,
    IfNotPresent,
    Never,
}

impl PullPolicy {
    /// The policy a container runs with: the one written, else the API server's default.
    /// An unknown value cannot get past validation; it reads as the default here.
    pub fn of(written: Option<&str>, image: &str) -> Self {
        match written {
            Some("Always") => PullPolicy::Always,
            Some("IfNotPresent") => PullPolicy::IfNotPresent,
            Some("Never") => PullPolicy::Never,
            _ => Self::default_for(image),
        }
    }

    /// pkg/apis/core/v1/defaults.go `SetDefaults_Container`: `Always` when the tag is
    /// `latest` — written, or implied by a reference with neither tag nor digest
    /// (pkg/util/parsers `ParseImageName`) — else `IfNotPresent` (also for a reference that
    /// does not parse, whose tag comes back empty).
    pub fn default_for(image: &str) -> Self {
        match image_ref::parse_normalized(image) {
            Ok(r) => {
                let latest = match (&r.tag, &r.digest) {
                    (Some(t), _) => t == "latest",
                    (None, Some(_)) => false,
                    (None, None) => true,
                };
                if latest {
                    PullPolicy::Always
                } else {
                    PullPolicy::IfNotPresent
                }
            }
            Err(_) => PullPolicy::IfNotPresent,
        }
    }

    /// image_manager.go `shouldPullImage`.
    pub fn should_pull(self, present: bool) -> bool {
        match self {
            PullPolicy::Never => false,
            PullPolicy::Always => true,
            PullPolicy::IfNotPresent => !present,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn defaults_follow_the_tag() {
        assert_eq!(PullPolicy::of(None, "nginx"), PullPolicy::Always);
        assert_eq!(PullPolicy::of(None, "nginx:latest"), PullPolicy::Always);
        assert_eq!(PullPolicy::of(None, "nginx:1.27"), PullPolicy::IfNotPresent);
        let digest = format!("nginx@sha256:{}", "0".repeat(64));
        assert_eq!(PullPolicy::of(None, &digest), PullPolicy::IfNotPresent);
        assert_eq!(PullPolicy::of(None, "Nginx"), PullPolicy::IfNotPresent);
        assert_eq!(PullPolicy::of(Some("Never"), "nginx"), PullPolicy::Never);
        assert_eq!(
            PullPolicy::of(Some("IfNotPresent"), "nginx"),
            PullPolicy::IfNotPresent
        );
    }

    #[test]
    fn should_pull_table() {
        assert!(PullPolicy::Always.should_pull(true));
        assert!(PullPolicy::IfNotPresent.should_pull(false));
        assert!(!PullPolicy::IfNotPresent.should_pull(true));
        assert!(!PullPolicy::Never.should_pull(false));
    }
}

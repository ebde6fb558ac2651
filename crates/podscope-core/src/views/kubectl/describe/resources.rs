//! A container's `Limits:` and `Requests:` in `kubectl describe pod`: describe.go
//! `describeResources` (names sorted, values as `Quantity.String()`), over the lists as the
//! API server stores them (pkg/apis/core/v1/defaults.go `SetDefaults_Pod`: for containers and
//! init containers, a limit without a request of the same name becomes the request).

use podscope_collections::Map;
use std::collections::BTreeMap;
use std::fmt::Write;

use k8s_openapi::api::core::v1 as api;

use crate::model::resources::ParsedQuantity;

/// A container's limits and requests, parsed and defaulted.
#[derive(Clone, Debug, Default)]
pub(super) struct Lists {
    pub limits: Map<String, ParsedQuantity>,
    pub requests: Map<String, ParsedQuantity>,
}

fn parsed(
    list: Option<&BTreeMap<String, k8s_openapi::apimachinery::pkg::api::resource::Quantity>>,
) -> Map<String, ParsedQuantity> {
    list.into_iter()
        .flatten()
        .filter_map(|(k, v)| Some((k.clone(), ParsedQuantity::parse_json(&v.0).ok()?)))
        .collect()
}

impl Lists {
    /// `c`'s lists; `defaulted` for containers and init containers (ephemeral containers
    /// get no defaulting).
    pub fn of(c: &api::Container, defaulted: bool) -> Lists {
        let r = c.resources.as_ref();
        let limits = parsed(r.and_then(|r| r.limits.as_ref()));
        let mut requests = parsed(r.and_then(|r| r.requests.as_ref()));
        if defaulted {
            for (k, v) in &limits {
                requests.entry(k.clone()).or_insert_with(|| v.clone());
            }
        }
        Lists { limits, requests }
    }

    /// `describeResources` at the container level.
    pub fn describe(&self, out: &mut String) {
        for (title, list) in [("Limits", &self.limits), ("Requests", &self.requests)] {
            if list.is_empty() {
                continue;
            }
            let _ = writeln!(out, "    {title}:");
            for (k, v) in list {
                let _ = writeln!(out, "      {k}:\t{v}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn describe(yaml: &str, defaulted: bool) -> String {
        let c: api::Container = serde_yaml::from_str(yaml).expect("container yaml");
        let mut out = String::new();
        Lists::of(&c, defaulted).describe(&mut out);
        out
    }

    #[test]
    fn limits_become_requests_and_values_print_canonically() {
        assert_eq!(
            describe(
                "name: c\nresources: {limits: {memory: 0.5Gi, cpu: '1.5'}, requests: {cpu: 500m}}\n",
                true
            ),
            "    Limits:\n      cpu:\t1500m\n      memory:\t512Mi\n    Requests:\n      cpu:\t500m\n      memory:\t512Mi\n"
        );
        assert_eq!(
            describe("name: c\nresources: {limits: {memory: 128Mi}}\n", false),
            "    Limits:\n      memory:\t128Mi\n"
        );
        assert_eq!(describe("name: c\n", true), "");
    }
}

//! `kubectl autoscale (-f FILENAME | TYPE NAME | TYPE/NAME) [--min=MINPODS] --max=MAXPODS
//! [--cpu=CPU]`: kubectl pkg/cmd/autoscale/autoscale.go at kubernetes-1.35.0 (`NewCmdAutoscale`'s
//! flags, `--cpu-percent` deprecated, `Validate`).

use super::targets::Targets;
use super::{DRY_RUN, FILENAME, Flag, Kubectl, KubectlError, PRINT};

/// `kubectl autoscale`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Autoscale {
    pub namespace: String,
    pub targets: Targets,
    /// `--min`; -1 leaves it to the server's default (1).
    pub min: i64,
    pub max: i64,
    /// `--cpu-percent` (-1: none).
    pub cpu_percent: i64,
    /// Whether `--cpu-percent` was given: pflag prints its deprecation first.
    pub cpu_percent_given: bool,
}

/// pflag's notice for the deprecated `--cpu-percent` (flag.go `Set`:
/// `Flag --%s has been deprecated, %s`; autoscale.go's `MarkDeprecated` text).
pub const CPU_PERCENT_DEPRECATED: &str = "Flag --cpu-percent has been deprecated, Use --cpu with percentage or resource quantity format (e.g., '70%' for utilization or '500m' for milliCPU).\n";

const FLAGS: &[Flag] = &[
    Flag::bool("record"),
    PRINT[0],
    PRINT[1],
    PRINT[2],
    PRINT[3],
    Flag::int("min").modelled(),
    Flag::int("max").modelled(),
    Flag::int("cpu-percent").modelled(),
    Flag::string("cpu"),
    Flag::string("memory"),
    Flag::string("name"),
    DRY_RUN,
    FILENAME[0],
    FILENAME[1],
    FILENAME[2],
    Flag::bool("save-config"),
    Flag::string("field-manager"),
];

pub(super) fn parse(path: &str, words: &[String]) -> Result<Kubectl, KubectlError> {
    let p = super::parse_flags(path, FLAGS, words)?;
    // cobra's `ValidateRequiredFlags` (`MarkFlagRequired("max")`).
    let Some(max) = p.int("max") else {
        return Err(KubectlError::message("required flag(s) \"max\" not set"));
    };
    if let Some(not) = super::unmodelled(path, &p) {
        return Ok(not);
    }
    let min = p.int("min").unwrap_or(-1);
    // `Validate`.
    if max < 1 {
        return Err(KubectlError::message(format!(
            "--max=MAXPODS is required and must be at least 1, max: {max}"
        )));
    }
    if max < min {
        return Err(KubectlError::message(format!(
            "--max=MAXPODS must be larger or equal to --min=MINPODS, max: {max}, min: {min}"
        )));
    }
    Ok(Kubectl::Autoscale(Autoscale {
        namespace: super::namespace_of(&p),
        targets: super::delete::named(&p.args)?,
        min,
        max,
        cpu_percent: p.int("cpu-percent").unwrap_or(-1),
        cpu_percent_given: p.changed("cpu-percent"),
    }))
}

#[cfg(test)]
mod tests {
    use super::super::Kubectl;
    use super::super::tests::k;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn autoscale_forms_and_errors() {
        let Ok(Kubectl::Autoscale(a)) = k(
            "kubectl autoscale deployment.v1.apps/nginx-deployment --min=10 --max=15 --cpu-percent=80",
        ) else {
            panic!("autoscale");
        };
        assert_eq!((a.min, a.max, a.cpu_percent), (10, 15, 80));
        assert!(a.cpu_percent_given);
        assert_eq!(
            k("kubectl autoscale deploy/web").err().unwrap_or_default(),
            "error: required flag(s) \"max\" not set\n"
        );
        assert_eq!(
            k("kubectl autoscale deploy/web --min=3 --max=2")
                .err()
                .unwrap_or_default(),
            "error: --max=MAXPODS must be larger or equal to --min=MINPODS, max: 2, min: 3\n"
        );
    }
}

//! A Deployment's update strategy (`RollingUpdate` with `maxSurge` and `maxUnavailable`, or
//! `Recreate`): defaulted and validated as the API server does, and resolved to pod counts
//! as the deployment controller does.

use k8s_openapi::api::apps::v1 as apps;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use crate::model::validate::FieldError;

/// An `IntOrString` field that holds a count or a percentage of the replicas.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntOrPercent {
    Int(i32),
    Percent(i32),
}

impl IntOrPercent {
    /// The API's default for both fields (apps/v1 defaults.go `SetDefaults_Deployment`).
    pub const DEFAULT: IntOrPercent = IntOrPercent::Percent(25);

    /// apimachinery intstr.go `GetScaledValueFromIntOrPercent` over `total`, rounding a
    /// percentage up or down.
    pub fn scaled(self, total: i32, round_up: bool) -> i32 {
        match self {
            IntOrPercent::Int(n) => n,
            IntOrPercent::Percent(p) => {
                let product = i64::from(p) * i64::from(total);
                let v = if round_up {
                    (product + 99).div_euclid(100)
                } else {
                    product.div_euclid(100)
                };
                i32::try_from(v).unwrap_or(i32::MAX)
            }
        }
    }
}

impl IntOrPercent {
    /// The `IntOrString` as the API returns it: a number or `"N%"`.
    pub fn api_value(self) -> serde_json::Value {
        match self {
            IntOrPercent::Int(n) => serde_json::json!(n),
            IntOrPercent::Percent(p) => serde_json::json!(format!("{p}%")),
        }
    }
}

impl std::fmt::Display for IntOrPercent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IntOrPercent::Int(n) => write!(f, "{n}"),
            IntOrPercent::Percent(p) => write!(f, "{p}%"),
        }
    }
}

/// `spec.strategy`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Strategy {
    RollingUpdate {
        max_surge: IntOrPercent,
        max_unavailable: IntOrPercent,
    },
    Recreate,
}

impl Default for Strategy {
    fn default() -> Self {
        Strategy::RollingUpdate {
            max_surge: IntOrPercent::DEFAULT,
            max_unavailable: IntOrPercent::DEFAULT,
        }
    }
}

impl Strategy {
    /// `maxSurge` and `maxUnavailable` for `replicas` (deployment/util/deployment_util.go
    /// `ResolveFenceposts`: surge rounds up, unavailable down, and both zero means one may be
    /// unavailable).
    fn fenceposts(self, replicas: i32) -> (i32, i32) {
        let Strategy::RollingUpdate {
            max_surge,
            max_unavailable,
        } = self
        else {
            return (0, 0);
        };
        let surge = max_surge.scaled(replicas, true);
        let unavailable = max_unavailable.scaled(replicas, false);
        if surge == 0 && unavailable == 0 {
            (0, 1)
        } else {
            (surge, unavailable)
        }
    }

    /// deployment_util.go `MaxSurge`.
    pub fn max_surge(self, replicas: i32) -> i32 {
        self.fenceposts(replicas).0
    }

    /// deployment_util.go `MaxUnavailable`: never more than the replicas, zero for Recreate.
    pub fn max_unavailable(self, replicas: i32) -> i32 {
        if replicas == 0 {
            return 0;
        }
        self.fenceposts(replicas).1.min(replicas)
    }

    /// `spec.strategy` as the API returns it, with apps/v1 `SetDefaults_Deployment`'s
    /// `rollingUpdate` for a rolling update.
    pub fn api_value(self) -> serde_json::Value {
        match self {
            Strategy::RollingUpdate {
                max_surge,
                max_unavailable,
            } => serde_json::json!({
                "rollingUpdate": {"maxSurge": max_surge.api_value(), "maxUnavailable": max_unavailable.api_value()},
                "type": "RollingUpdate",
            }),
            Strategy::Recreate => serde_json::json!({"type": "Recreate"}),
        }
    }

    /// The `StrategyType` line of `kubectl describe deployment`.
    pub fn type_name(self) -> &'static str {
        match self {
            Strategy::RollingUpdate { .. } => "RollingUpdate",
            Strategy::Recreate => "Recreate",
        }
    }
}

/// Reads `spec.strategy` with the API's defaults and validates it.
///
/// Models pkg/apis/apps/validation/validation.go `ValidateDeploymentStrategy`,
/// `ValidateRollingUpdateDeployment`, `ValidatePositiveIntOrPercent` and
/// `IsNotMoreThan100Percent`, after apps/v1 `SetDefaults_Deployment`.
pub fn strategy_from_api(
    s: Option<&apps::DeploymentStrategy>,
) -> Result<Strategy, Vec<FieldError>> {
    const PATH: &str = "spec.strategy";
    let mut errs = Vec::new();
    let kind = s
        .and_then(|s| s.type_.as_deref())
        .unwrap_or("RollingUpdate");
    let rolling = s.and_then(|s| s.rolling_update.as_ref());
    match kind {
        "Recreate" => {
            if rolling.is_some() {
                errs.push(FieldError::forbidden(
                    format!("{PATH}.rollingUpdate"),
                    "may not be specified when strategy `type` is 'Recreate'",
                ));
                return Err(errs);
            }
            Ok(Strategy::Recreate)
        }
        "RollingUpdate" => {
            let field = |v: Option<&IntOrString>, name: &str, errs: &mut Vec<FieldError>| {
                let path = format!("{PATH}.rollingUpdate.{name}");
                match v {
                    None => Some(IntOrPercent::DEFAULT),
                    Some(v) => int_or_percent(v, &path, errs),
                }
            };
            let surge = field(
                rolling.and_then(|r| r.max_surge.as_ref()),
                "maxSurge",
                &mut errs,
            );
            let unavailable = field(
                rolling.and_then(|r| r.max_unavailable.as_ref()),
                "maxUnavailable",
                &mut errs,
            );
            let (Some(max_surge), Some(max_unavailable)) = (surge, unavailable) else {
                return Err(errs);
            };
            let path = format!("{PATH}.rollingUpdate.maxUnavailable");
            let raw = |v: IntOrPercent| match v {
                IntOrPercent::Int(n) => n.to_string(),
                IntOrPercent::Percent(p) => format!("\"{p}%\""),
            };
            if max_surge.scaled(100, true) == 0 && max_unavailable.scaled(100, false) == 0 {
                errs.push(FieldError::invalid_raw(
                    path.clone(),
                    raw(max_unavailable),
                    "may not be 0 when `maxSurge` is 0",
                ));
            }
            if let IntOrPercent::Percent(p) = max_unavailable
                && p > 100
            {
                errs.push(FieldError::invalid_raw(
                    path,
                    raw(max_unavailable),
                    "must not be greater than 100%",
                ));
            }
            if errs.is_empty() {
                Ok(Strategy::RollingUpdate {
                    max_surge,
                    max_unavailable,
                })
            } else {
                Err(errs)
            }
        }
        other => Err(vec![FieldError::unsupported(
            format!("{PATH}.type"),
            other,
            &["Recreate", "RollingUpdate"],
        )]),
    }
}

/// One `IntOrString` count: a non-negative integer or a `N%` string
/// (validation.go `ValidatePositiveIntOrPercent`, apimachinery `IsValidPercent`).
fn int_or_percent(v: &IntOrString, path: &str, errs: &mut Vec<FieldError>) -> Option<IntOrPercent> {
    match v {
        IntOrString::Int(n) if *n < 0 => {
            errs.push(FieldError::invalid_raw(
                path,
                n.to_string(),
                "must be greater than or equal to 0",
            ));
            None
        }
        IntOrString::Int(n) => Some(IntOrPercent::Int(*n)),
        IntOrString::String(s) => {
            let digits = s
                .strip_suffix('%')
                .filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()));
            match digits.and_then(|d| d.parse::<i32>().ok()) {
                Some(p) => Some(IntOrPercent::Percent(p)),
                None => {
                    errs.push(FieldError::invalid(
                        path,
                        s.clone(),
                        crate::model::validate::regex_error(
                            "a valid percent string must be a numeric string followed by an ending '%'",
                            "[0-9]+%",
                            &["1%", "93%"],
                        ),
                    ));
                    None
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    fn rolling(surge: IntOrPercent, unavailable: IntOrPercent) -> Strategy {
        Strategy::RollingUpdate {
            max_surge: surge,
            max_unavailable: unavailable,
        }
    }

    #[test]
    fn the_defaults_round_surge_up_and_unavailable_down() {
        let s = Strategy::default();
        // 3 replicas: 25% is 0.75 → surge 1, unavailable 0.
        assert_eq!((s.max_surge(3), s.max_unavailable(3)), (1, 0));
        assert_eq!((s.max_surge(10), s.max_unavailable(10)), (3, 2));
        assert_eq!((s.max_surge(1), s.max_unavailable(1)), (1, 0));
    }

    #[test]
    fn both_zero_after_rounding_allows_one_unavailable() {
        let s = rolling(IntOrPercent::Percent(10), IntOrPercent::Percent(10));
        assert_eq!((s.max_surge(1), s.max_unavailable(1)), (1, 0));
        let s = rolling(IntOrPercent::Int(0), IntOrPercent::Percent(10));
        assert_eq!((s.max_surge(2), s.max_unavailable(2)), (0, 1));
        assert_eq!(Strategy::Recreate.max_unavailable(3), 0);
    }

    #[test]
    fn validation_messages() {
        let st = |surge: IntOrString, unavailable: IntOrString| apps::DeploymentStrategy {
            type_: Some("RollingUpdate".into()),
            rolling_update: Some(apps::RollingUpdateDeployment {
                max_surge: Some(surge),
                max_unavailable: Some(unavailable),
            }),
        };
        let body = |r: Result<Strategy, Vec<FieldError>>| -> Vec<String> {
            r.err()
                .unwrap_or_default()
                .iter()
                .map(|e| format!("{}: {}", e.path, e.body()))
                .collect()
        };
        assert_eq!(
            body(strategy_from_api(Some(&st(
                IntOrString::Int(0),
                IntOrString::Int(0)
            )))),
            [
                "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0"
            ]
        );
        assert_eq!(
            body(strategy_from_api(Some(&st(
                IntOrString::Int(1),
                IntOrString::String("110%".into())
            )))),
            [
                "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: \"110%\": must not be greater than 100%"
            ]
        );
        let recreate = apps::DeploymentStrategy {
            type_: Some("Recreate".into()),
            rolling_update: Some(apps::RollingUpdateDeployment::default()),
        };
        assert_eq!(
            body(strategy_from_api(Some(&recreate))),
            [
                "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'"
            ]
        );
        assert_eq!(strategy_from_api(None), Ok(Strategy::default()));
    }
}

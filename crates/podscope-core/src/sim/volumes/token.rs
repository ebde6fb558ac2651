//! The service account's files: the `kube-api-access-xxxxx` projected volume the
//! ServiceAccount admission plugin adds to every pod (`token`, `ca.crt`, `namespace`), the
//! bound token the kubelet requests for it, and the cluster CA's `kube-root-ca.crt`.
//!
//! Models plugin/pkg/admission/serviceaccount/admission.go (`TokenVolumeSource`,
//! `mountServiceAccountToken`, `DefaultAPITokenMountPath`) and the token the API server
//! signs (pkg/serviceaccount/claims.go `Claims`). The key, the CA and the signature are
//! stand-ins of the real shapes: the model has no cryptography.

use crate::model::base64::{STD, URL, encode as base64};
use k8s_openapi::api::core::v1 as api;

use crate::model::rng::SeededRng;

/// Where the token volume is mounted (admission.go `DefaultAPITokenMountPath`).
pub const MOUNT_PATH: &str = "/var/run/secrets/kubernetes.io/serviceaccount";

/// The ConfigMap the root-CA publisher puts in every namespace, and its key.
pub const ROOT_CA_CONFIG_MAP: &str = "kube-root-ca.crt";
pub const ROOT_CA_KEY: &str = "ca.crt";

/// admission.go `TokenVolumeSource`: the kubelet asks for 3607 s
/// (`serviceaccount.WarnOnlyBoundTokenExpirationSeconds`, one hour and seven seconds).
pub const EXPIRATION_SECONDS: i64 = 3607;

/// The API server stretches such a token to a year
/// (`--service-account-extend-token-expiration`, on by default:
/// pkg/serviceaccount `ExpirationExtensionSeconds = 24 * 365 * 60 * 60`) and puts the
/// real expiry in `warnafter`.
const EXTENDED_SECONDS: i64 = 24 * 365 * 60 * 60;

/// The issuer and audience of a cluster set up with kubeadm or kind
/// (`--service-account-issuer=https://kubernetes.default.svc.cluster.local`).
const ISSUER: &str = "https://kubernetes.default.svc.cluster.local";

/// The volume admission.go adds, named `name` (`kube-api-access-` + five random
/// characters): a projected volume of the token, the CA and the namespace, mode 0644.
pub fn volume(name: &str) -> api::Volume {
    api::Volume {
        name: name.to_owned(),
        projected: Some(api::ProjectedVolumeSource {
            default_mode: Some(0o644),
            sources: Some(vec![
                api::VolumeProjection {
                    service_account_token: Some(api::ServiceAccountTokenProjection {
                        expiration_seconds: Some(EXPIRATION_SECONDS),
                        path: "token".to_owned(),
                        audience: None,
                    }),
                    ..Default::default()
                },
                api::VolumeProjection {
                    config_map: Some(api::ConfigMapProjection {
                        name: ROOT_CA_CONFIG_MAP.to_owned(),
                        items: Some(vec![api::KeyToPath {
                            key: ROOT_CA_KEY.to_owned(),
                            path: ROOT_CA_KEY.to_owned(),
                            mode: None,
                        }]),
                        optional: None,
                    }),
                    ..Default::default()
                },
                api::VolumeProjection {
                    downward_api: Some(api::DownwardAPIProjection {
                        items: Some(vec![api::DownwardAPIVolumeFile {
                            path: "namespace".to_owned(),
                            field_ref: Some(api::ObjectFieldSelector {
                                api_version: Some("v1".to_owned()),
                                field_path: "metadata.namespace".to_owned(),
                            }),
                            ..Default::default()
                        }]),
                    }),
                    ..Default::default()
                },
            ]),
        }),
        ..Default::default()
    }
}

/// admission.go `shouldAutomount`: the pod's `automountServiceAccountToken` (the default
/// ServiceAccount sets none, so true).
pub fn automounts(pod: &api::PodSpec) -> bool {
    pod.automount_service_account_token != Some(false)
}

/// A generator seeded from `text` (FNV-1a), so the stand-ins do not draw from the world's
/// generator and change nothing else.
pub fn rng_for(text: &str) -> SeededRng {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    SeededRng::new(h)
}

fn random_bytes(rng: &mut SeededRng, n: usize) -> Vec<u8> {
    (0..n)
        .map(|_| u8::try_from(rng.next_u64() & 0xff).unwrap_or(0))
        .collect()
}

fn uuid(rng: &mut SeededRng) -> String {
    crate::model::ids::PodUid::generate(rng).as_str().to_owned()
}

/// Who the token is for.
pub struct Subject<'a> {
    pub namespace: &'a str,
    pub service_account: &'a str,
    pub pod_name: &'a str,
    pub pod_uid: &'a str,
    pub node_name: &'a str,
}

/// A bound service-account token as the API server returns it: a JWS of header
/// `{"alg":"RS256","kid":…}` and the claims go-jose serialises with sorted keys
/// (`aud`, `exp`, `iat`, `iss`, `jti`, `kubernetes.io`, `nbf`, `sub`), issued at
/// `iat` (Unix seconds), with an RS256 signature of 256 bytes.
pub fn token(who: &Subject<'_>, iat: i64, expiration_seconds: i64) -> String {
    let mut rng = rng_for(&format!("token/{}/{}", who.pod_uid, iat));
    // The key id: base64url of a SHA-256 (43 characters); one per cluster.
    let kid = base64(
        &random_bytes(&mut rng_for("service-account-key"), 32),
        URL,
        false,
    );
    let header = format!("{{\"alg\":\"RS256\",\"kid\":\"{kid}\"}}");
    let (exp, warn) = if expiration_seconds == EXPIRATION_SECONDS {
        (iat + EXTENDED_SECONDS, Some(iat + EXPIRATION_SECONDS))
    } else {
        (iat + expiration_seconds, None)
    };
    let sa_uid = uuid(&mut rng_for(&format!(
        "sa/{}/{}",
        who.namespace, who.service_account
    )));
    let node_uid = uuid(&mut rng_for(&format!("node/{}", who.node_name)));
    let jti = uuid(&mut rng);
    let warnafter = warn.map_or(String::new(), |w| format!(",\"warnafter\":{w}"));
    let claims = format!(
        "{{\"aud\":[\"{ISSUER}\"],\"exp\":{exp},\"iat\":{iat},\"iss\":\"{ISSUER}\",\"jti\":\"{jti}\",\"kubernetes.io\":{{\"namespace\":\"{ns}\",\"node\":{{\"name\":\"{node}\",\"uid\":\"{node_uid}\"}},\"pod\":{{\"name\":\"{pod}\",\"uid\":\"{pod_uid}\"}},\"serviceaccount\":{{\"name\":\"{sa}\",\"uid\":\"{sa_uid}\"}}{warnafter}}},\"nbf\":{iat},\"sub\":\"system:serviceaccount:{ns}:{sa}\"}}",
        ns = who.namespace,
        node = who.node_name,
        pod = who.pod_name,
        pod_uid = who.pod_uid,
        sa = who.service_account,
    );
    let signature = base64(&random_bytes(&mut rng, 256), URL, false);
    format!(
        "{}.{}.{signature}",
        base64(header.as_bytes(), URL, false),
        base64(claims.as_bytes(), URL, false)
    )
}

/// The cluster CA certificate in PEM, as `kube-root-ca.crt` holds it: a stand-in DER body
/// of a typical kubeadm CA's size (an RSA-2048 self-signed `kubernetes` CA), 64 characters
/// a line.
pub fn root_ca() -> String {
    // A DER SEQUENCE of 789 bytes (`30 82 03 15`) opening with the to-be-signed
    // certificate's own SEQUENCE (`30 82 …`), then the body.
    let mut der = vec![0x30, 0x82, 0x03, 0x15, 0x30, 0x82, 0x01, 0xfd];
    der.extend(random_bytes(&mut rng_for("cluster-ca"), 785));
    let body = base64(&der, STD, true);
    let mut pem = String::from("-----BEGIN CERTIFICATE-----\n");
    let chars: Vec<char> = body.chars().collect();
    for line in chars.chunks(64) {
        pem.extend(line);
        pem.push('\n');
    }
    pem.push_str("-----END CERTIFICATE-----\n");
    pem
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn the_token_is_a_three_part_jws_whose_claims_name_the_pod() {
        let who = Subject {
            namespace: "default",
            service_account: "default",
            pod_name: "web",
            pod_uid: "u-1",
            node_name: "node-1",
        };
        let t = token(&who, 1_780_308_000, EXPIRATION_SECONDS);
        let parts: Vec<&str> = t.split('.').collect();
        assert_eq!(parts.len(), 3);
        assert!(
            parts[0].starts_with("eyJhbGciOiJSUzI1NiIsImtpZCI6"),
            "{}",
            parts[0]
        );
        assert!(
            parts[1].starts_with("eyJhdWQiOlsiaHR0cHM6Ly9rdWJlcm5ldGVz"),
            "{}",
            parts[1]
        );
        assert_eq!(parts[2].len(), 342);
        assert_eq!(t, token(&who, 1_780_308_000, EXPIRATION_SECONDS));
    }

    #[test]
    fn the_ca_is_pem() {
        let ca = root_ca();
        assert!(
            ca.starts_with("-----BEGIN CERTIFICATE-----\nMIIDFTCC"),
            "{ca}"
        );
        assert!(ca.ends_with("\n-----END CERTIFICATE-----\n"));
        assert!(ca.lines().skip(1).take(5).all(|l| l.len() == 64));
    }
}

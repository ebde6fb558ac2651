//! Stand-ins of the real shape for random or content-derived values the model does not have
//! (the service account volume's five-letter suffix, image digests): FNV-1a over a seed,
//! expanded, so they never draw from the world's generator.

/// `len` characters of `alphabet` derived from `seed`.
pub fn stand_in(seed: &str, alphabet: &[u8], len: usize) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut out = String::new();
    for round in 0..len {
        for b in seed.bytes().chain([round as u8]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        let i = ((h >> 29) % alphabet.len() as u64) as usize;
        out.push(alphabet.get(i).copied().unwrap_or(b'x') as char);
    }
    out
}

/// The `kube-api-access-xxxxx` volume the ServiceAccount admission plugin adds
/// (plugin/pkg/admission/serviceaccount/admission.go; suffix from apimachinery rand's
/// alphabet `bcdfghjklmnpqrstvwxz2456789`), for the pod with uid `pod_uid`.
pub fn kube_api_access(pod_uid: &str) -> String {
    format!(
        "kube-api-access-{}",
        stand_in(pod_uid, b"bcdfghjklmnpqrstvwxz2456789", 5)
    )
}

//! The order a shell hands its exported variables to a program it runs: busybox ash and
//! dash both list their variable hash table bucket by bucket, so `sh -c env` prints in
//! that order, not in the order the runtime set the environment.
//!
//! Models busybox shell/ash.c and dash src/var.c: `hashvar` (first byte shifted left by 4
//! plus every byte of the name, modulo `VTABSIZE` 39), `initvar` (the shell's own
//! variables, PATH and IFS among them, head their buckets), `setvareq` (a new variable goes
//! to the end of its bucket's chain) and `listvars` (buckets in order).

use crate::model::sort::CompactSort;
use std::collections::BTreeMap;

const VTABSIZE: u32 = 39;

/// Variables the shell creates before reading its environment (ash's `varinit`).
const VARINIT: &[&str] = &[
    "IFS", "MAIL", "MAILPATH", "PATH", "PS1", "PS2", "PS4", "OPTIND", "LINENO", "FUNCNAME",
    "HISTFILE", "RANDOM", "SECONDS", "TMOUT", "HISTSIZE",
];

/// `hashvar`.
fn bucket(name: &str) -> u32 {
    let bytes = name.as_bytes();
    let first = u32::from(bytes.first().copied().unwrap_or(0)) << 4;
    let sum: u32 = bytes.iter().map(|b| u32::from(*b)).sum();
    first.wrapping_add(sum) % VTABSIZE
}

/// `env`'s lines for a shell whose exported variables are `vars` and which started with
/// the process environment `environ` (in the runtime's order).
pub(crate) fn shell_environ<'a>(
    vars: &'a BTreeMap<String, String>,
    environ: &[(String, String)],
) -> Vec<(&'a String, &'a String)> {
    let rank = |name: &str| -> (u32, usize, usize) {
        let b = bucket(name);
        if let Some(i) = VARINIT.iter().position(|v| *v == name) {
            // initvar prepends, so the last of the table comes first in a bucket.
            return (b, 0, VARINIT.len() - i);
        }
        match environ.iter().position(|(k, _)| k == name) {
            Some(i) => (b, 1, i),
            None => (b, 2, 0),
        }
    };
    let mut out: Vec<_> = vars.iter().collect();
    out.sort_compact_by_key(|(k, _)| rank(k));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// `docker run busybox sh -c env` prints HOSTNAME, SHLVL, HOME, PATH, PWD: buckets 4, 5,
    /// 6, 21 and 33.
    #[test]
    fn busybox_sh_c_env_order() {
        assert_eq!(
            ["HOSTNAME", "SHLVL", "HOME", "PATH", "PWD"].map(bucket),
            [4, 5, 6, 21, 33]
        );
        let vars: BTreeMap<String, String> = ["PATH", "HOSTNAME", "HOME", "SHLVL", "PWD"]
            .iter()
            .map(|k| ((*k).to_owned(), String::new()))
            .collect();
        let environ = [("PATH".to_owned(), String::new())];
        let names: Vec<&str> = shell_environ(&vars, &environ)
            .into_iter()
            .map(|(k, _)| k.as_str())
            .collect();
        assert_eq!(names, ["HOSTNAME", "SHLVL", "HOME", "PATH", "PWD"]);
    }
}

//! Signal names and numbers as busybox spells them (libbb/u_signal_names.c `signals[]`,
//! `get_signum`, `print_signames`), for the `kill` builtin. Numbers are Linux x86/arm's.

/// Linux signal names without `SIG`, indexed by number (0 is ash's `EXIT`).
const NAMES: [&str; 32] = [
    "EXIT", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV",
    "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU",
    "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "POLL", "PWR", "SYS",
];

/// The largest signal number plus one (Linux `NSIG` = 65).
const NSIG: u32 = 65;

/// `get_signum`: a number below NSIG, or a name with or without `SIG` (any case); `IO` is
/// `POLL`'s alias (29).
pub fn number(name: &str) -> Option<i32> {
    if let Ok(n) = name.parse::<u32>() {
        return (n < NSIG).then_some(n as i32);
    }
    let bare = match name.get(..3) {
        Some(p) if p.eq_ignore_ascii_case("SIG") => name.get(3..).unwrap_or_default(),
        _ => name,
    };
    if bare.eq_ignore_ascii_case("IO") {
        return Some(29);
    }
    NAMES
        .iter()
        .position(|n| n.eq_ignore_ascii_case(bare))
        .map(|i| i as i32)
}

/// `get_signame`: the name of a number, or the number itself when it has none.
pub fn name(n: i32) -> String {
    usize::try_from(n)
        .ok()
        .and_then(|i| NAMES.get(i))
        .map_or_else(|| n.to_string(), |s| (*s).to_string())
}

/// `kill -l` with no arguments: `%2u) %s` per signal from 1 (busybox omits the real-time
/// signals unless built with FEATURE_RTMINMAX).
pub fn list() -> String {
    let mut out = String::new();
    for (i, n) in NAMES.iter().enumerate().skip(1) {
        out.push_str(&format!("{i:2}) {n}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn names_and_numbers() {
        assert_eq!(number("KILL"), Some(9));
        assert_eq!(number("sigterm"), Some(15));
        assert_eq!(number("9"), Some(9));
        assert_eq!(number("64"), Some(64));
        assert_eq!(number("65"), None);
        assert_eq!(number("BOGUS"), None);
        assert_eq!(name(15), "TERM");
        assert!(list().starts_with(" 1) HUP\n 2) INT\n"));
        assert!(list().contains("\n15) TERM\n"));
    }
}

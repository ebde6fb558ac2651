//! The perl image's program the Kubernetes docs run in their Job example: `perl
//! -Mbignum=bpi -wle 'print bpi(N)'`, which prints π to N significant digits (Math::BigFloat
//! `bpi`, rounded) and exits 0.

use crate::model::time::SimDuration;

/// The most digits the model computes (the docs ask for 2000); larger requests print this
/// many, so no manifest can make the page compute for long (the fuzzer found `bpi(4535)`,
/// with a Job's retries, past its 5 s limit at the earlier bound of 20,000).
pub const MAX_DIGITS: usize = 2_000;

/// How long the docs say the example takes: "It computes π to 2000 places and prints it out.
/// It takes around 10s to complete." (kubernetes/website content/en/docs/concepts/workloads/
/// controllers/job.md).
pub const BPI_RUN_TIME: SimDuration = SimDuration::from_secs(10);

/// The digit count of a `bpi(N)` program, if `argv` is one:
/// `perl -Mbignum=bpi -wle "print bpi(N)"` (the flags may be grouped differently, as perl
/// reads them).
pub fn bpi_digits(argv: &[&str]) -> Option<usize> {
    let (first, rest) = argv.split_first()?;
    if first.rsplit('/').next() != Some("perl") {
        return None;
    }
    if !rest
        .iter()
        .any(|a| a.contains("-Mbignum=bpi") || a.contains("-Mbigrat=bpi"))
    {
        return None;
    }
    let code = rest.last()?.trim();
    let inner = code
        .strip_prefix("print bpi(")?
        .trim_end_matches(';')
        .strip_suffix(')')?;
    inner.trim().parse::<usize>().ok().filter(|n| *n > 0)
}

/// π to `n` significant digits, rounded half up, as `print` shows a Math::BigFloat:
/// `3.14159…` (just `3` for one digit).
pub fn pi(n: usize) -> String {
    let n = n.min(MAX_DIGITS);
    let mut digits = spigot(n + 10);
    // Round at the n-th digit.
    let round_up = digits.get(n).is_some_and(|d| *d >= 5);
    digits.truncate(n);
    if round_up {
        for d in digits.iter_mut().rev() {
            if *d == 9 {
                *d = 0;
            } else {
                *d += 1;
                break;
            }
        }
    }
    let mut out = String::with_capacity(n + 1);
    for (i, d) in digits.iter().enumerate() {
        if i == 1 {
            out.push('.');
        }
        out.push(char::from(b'0' + *d));
    }
    out
}

/// The first `n` decimal digits of π (3, 1, 4, 1, 5, …) by the Rabinowitz–Wagon spigot.
fn spigot(n: usize) -> Vec<u8> {
    let len = n * 10 / 3 + 2;
    let mut a = vec![2u32; len];
    let mut out: Vec<u8> = Vec::with_capacity(n + 1);
    let mut nines = 0usize;
    let mut predigit: Option<u8> = None;
    while out.len() + nines + usize::from(predigit.is_some()) < n + 1 {
        let mut carry: u64 = 0;
        for i in (0..len).rev() {
            let x = u64::from(a[i]) * 10 + carry * (i as u64 + 1);
            let den = 2 * i as u64 + 1;
            a[i] = (x % den) as u32;
            carry = x / den;
        }
        let q = (carry / 10) as u8;
        a[0] = (carry % 10) as u32;
        match q {
            9 => nines += 1,
            10 => {
                if let Some(p) = predigit {
                    out.push(p + 1);
                }
                out.extend(std::iter::repeat_n(0, nines));
                predigit = Some(0);
                nines = 0;
            }
            _ => {
                if let Some(p) = predigit {
                    out.push(p);
                }
                out.extend(std::iter::repeat_n(9, nines));
                predigit = Some(q);
                nines = 0;
            }
        }
    }
    if let Some(p) = predigit {
        out.push(p);
    }
    out.extend(std::iter::repeat_n(9, nines));
    out.truncate(n);
    out
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    /// The output the Jobs concept page shows for `kubectl logs jobs/pi` (kubernetes/website
    /// content/en/docs/concepts/workloads/controllers/job.md): its first and last 60 digits.
    #[test]
    fn two_thousand_digits_as_the_docs_show_them() {
        let p = pi(2000);
        assert_eq!(p.len(), 2001);
        assert!(p.starts_with("3.14159265358979323846264338327950288419716939937510582097494"));
        assert!(
            p.ends_with("643719172874677646575739624138908658326459958133904780275901"),
            "{}",
            &p[1940..]
        );
        assert!(p.ends_with("75901"));
    }

    #[test]
    fn rounds_the_last_digit() {
        assert_eq!(pi(1), "3");
        assert_eq!(pi(5), "3.1416");
        assert_eq!(pi(10), "3.141592654");
        assert_eq!(pi(32), "3.1415926535897932384626433832795");
    }

    #[test]
    fn reads_the_docs_command() {
        assert_eq!(
            bpi_digits(&["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"]),
            Some(2000)
        );
        assert_eq!(bpi_digits(&["perl", "-wle", "print bpi(10)"]), None);
        assert_eq!(
            bpi_digits(&["python", "-Mbignum=bpi", "-wle", "print bpi(10)"]),
            None
        );
    }
}

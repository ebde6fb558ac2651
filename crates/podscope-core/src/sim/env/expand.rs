//! The kubelet's `$(VAR)` expansion of env values, commands and args: a reference to a
//! known variable is replaced, an unknown one stays literal, `$$` is an escaped `$`.
//!
//! Models kubernetes/kubernetes third_party/forked/golang/expansion/expand.go (`Expand`,
//! `MappingFuncFor`, `tryReadVariableName`). It works on bytes, as the Go code does.

use std::collections::BTreeMap;

/// Looks a name up in each context in turn; an unknown name comes back as `$(NAME)`
/// (`MappingFuncFor`).
pub(crate) fn lookup(contexts: &[&BTreeMap<String, String>], name: &str) -> String {
    contexts
        .iter()
        .find_map(|c| c.get(name).cloned())
        .unwrap_or_else(|| format!("$({name})"))
}

/// Expands `$(VAR)` references in `input` with `mapping` (`Expand`).
pub(crate) fn expand(input: &str, mapping: &dyn Fn(&str) -> String) -> String {
    let bytes = input.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(bytes.len());
    let mut checkpoint = 0;
    let mut cursor = 0;
    while cursor < bytes.len() {
        if bytes.get(cursor) == Some(&b'$') && cursor + 1 < bytes.len() {
            out.extend_from_slice(bytes.get(checkpoint..cursor).unwrap_or_default());
            let rest = bytes.get(cursor + 1..).unwrap_or_default();
            let (read, advance) = read_variable(rest, mapping);
            out.extend_from_slice(&read);
            cursor += advance;
            checkpoint = cursor + 1;
        }
        cursor += 1;
    }
    out.extend_from_slice(bytes.get(checkpoint..).unwrap_or_default());
    String::from_utf8_lossy(&out).into_owned()
}

/// What follows a `$` (never empty): the bytes to write and how many input bytes were
/// consumed after the `$` (`tryReadVariableName`).
fn read_variable(input: &[u8], mapping: &dyn Fn(&str) -> String) -> (Vec<u8>, usize) {
    match input.first() {
        // `$$`: an escaped operator.
        Some(b'$') => (b"$".to_vec(), 1),
        Some(b'(') => {
            match input.iter().skip(1).position(|b| *b == b')') {
                Some(i) => {
                    let name = String::from_utf8_lossy(input.get(1..=i).unwrap_or_default());
                    (mapping(&name).into_bytes(), i + 2)
                }
                // An incomplete reference: `$(` is written and the scan goes on after it.
                None => (b"$(".to_vec(), 1),
            }
        }
        // Any other byte: Go's `string(input[0])` turns the byte into the rune of that
        // value, so a non-ASCII lead byte comes out re-encoded.
        Some(b) => {
            let mut v = b"$".to_vec();
            let mut buf = [0u8; 4];
            v.extend_from_slice(char::from(*b).encode_utf8(&mut buf).as_bytes());
            (v, 1)
        }
        None => (b"$".to_vec(), 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    /// The cases of upstream's expand_test.go `doExpansionTest`, run with one context
    /// (`TestMapping`) and with two (`TestMappingDual`).
    #[test]
    fn upstream_expansion_table() {
        let one = map(&[
            ("VAR_A", "A"),
            ("VAR_B", "B"),
            ("VAR_C", "C"),
            ("VAR_REF", "$(VAR_A)"),
            ("VAR_EMPTY", ""),
        ]);
        let first = map(&[("VAR_A", "A"), ("VAR_EMPTY", "")]);
        let second = map(&[("VAR_B", "B"), ("VAR_C", "C"), ("VAR_REF", "$(VAR_A)")]);
        let cases: &[(&str, &str)] = &[
            ("$(VAR_A)", "A"),
            ("$(VAR_A)-$(VAR_A)", "A-A"),
            ("$(VAR_A)-1", "A-1"),
            ("___$(VAR_B)___", "___B___"),
            ("___$(VAR_C)", "___C"),
            ("$(VAR_A)_$(VAR_B)_$(VAR_C)", "A_B_C"),
            ("$$(VAR_B)_$(VAR_A)", "$(VAR_B)_A"),
            ("$$(VAR_A)_$$(VAR_B)", "$(VAR_A)_$(VAR_B)"),
            ("f000-$$VAR_A", "f000-$VAR_A"),
            ("foo\\$(VAR_C)bar", "foo\\Cbar"),
            ("foo\\\\$(VAR_C)bar", "foo\\\\Cbar"),
            ("foo\\\\\\\\$(VAR_A)bar", "foo\\\\\\\\Abar"),
            ("$(VAR_A$(VAR_B))", "$(VAR_A$(VAR_B))"),
            ("$(VAR_A$(VAR_B)", "$(VAR_A$(VAR_B)"),
            ("$(VAR_REF)", "$(VAR_A)"),
            ("%%$(VAR_REF)--$(VAR_REF)%%", "%%$(VAR_A)--$(VAR_A)%%"),
            ("foo$(VAR_EMPTY)bar", "foobar"),
            ("foo$(VAR_Awhoops!", "foo$(VAR_Awhoops!"),
            ("f00__(VAR_A)__", "f00__(VAR_A)__"),
            ("$?_boo_$!", "$?_boo_$!"),
            ("$VAR_A", "$VAR_A"),
            ("$(VAR_DNE)", "$(VAR_DNE)"),
            ("$$$$$$(BIG_MONEY)", "$$$(BIG_MONEY)"),
            ("$$$$$$(VAR_A)", "$$$(VAR_A)"),
            ("$$$$$$$(GOOD_ODDS)", "$$$$(GOOD_ODDS)"),
            ("$$$$$$$(VAR_A)", "$$$A"),
            ("$VAR_A)", "$VAR_A)"),
            ("${VAR_A}", "${VAR_A}"),
            ("$(VAR_B)_______$(A", "B_______$(A"),
            ("$(VAR_C)_______$(", "C_______$("),
            ("$(VAR_A)foobarzab$", "Afoobarzab$"),
            ("foo-\\$(VAR_A", "foo-\\$(VAR_A"),
            ("--$($($($($--", "--$($($($($--"),
            ("$($($($($--foo$(", "$($($($($--foo$("),
            ("foo0--$($($($(", "foo0--$($($($("),
            ("$(foo$$var)", "$(foo$$var)"),
            ("\n", "\n"),
        ];
        for contexts in [vec![&one], vec![&first, &second]] {
            let mapping = |n: &str| lookup(&contexts, n);
            for (input, want) in cases {
                assert_eq!(expand(input, &mapping), *want, "input {input:?}");
            }
        }
    }

    /// upstream `TestMapReference`: each value expands against the declared values as they
    /// stand when it is reached, so chains resolve in declaration order.
    #[test]
    fn references_resolve_in_declaration_order() {
        let mut declared = map(&[("FOO", "bar"), ("ZOO", "$(FOO)-1"), ("BLU", "$(ZOO)-2")]);
        let services = BTreeMap::new();
        for (name, value) in [("FOO", "bar"), ("ZOO", "$(FOO)-1"), ("BLU", "$(ZOO)-2")] {
            let v = expand(value, &|n| lookup(&[&declared, &services], n));
            declared.insert(name.to_owned(), v);
        }
        assert_eq!(
            declared,
            map(&[("FOO", "bar"), ("ZOO", "bar-1"), ("BLU", "bar-1-2")])
        );
    }

    #[test]
    fn non_ascii_after_the_operator_is_kept_whole_or_reencoded_like_go() {
        assert_eq!(expand("a$é", &|n| lookup(&[], n)), "a$Ã\u{FFFD}");
        assert_eq!(expand("$(X)é", &|n| lookup(&[], n)), "$(X)é");
    }
}

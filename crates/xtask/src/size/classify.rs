//! Names for `size`: demangling, the crate a function belongs to, and the function groups of
//! docs/figures.md's "Where the wasm bytes go".

/// A Rust symbol (legacy `_ZN…E` or v0 `_R…`) demangled without its hash; any other name as is.
/// wasm-ld already demangles the `name` section's names, keeping v0's crate disambiguators
/// (`core[c5930c85a12de822]::fmt`): those are dropped too, so a crate is one row.
pub fn demangle(name: &str) -> String {
    match rustc_demangle::try_demangle(name) {
        Ok(d) => format!("{d:#}"),
        Err(_) => strip_disambiguators(name),
    }
}

/// Removes each `[HEX]` that follows an identifier character (a crate disambiguator); slices
/// and arrays (`[u8]`, `[T; 4]`) follow no identifier or hold more than hex digits.
fn strip_disambiguators(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut rest = name;
    while let Some(open) = rest.find('[') {
        let (before, from) = rest.split_at(open);
        out.push_str(before);
        let after_ident = out
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
        let close = from.find(']');
        let hex = close
            .and_then(|c| from.get(1..c))
            .is_some_and(|h| !h.is_empty() && h.bytes().all(|b| b.is_ascii_hexdigit()));
        match close {
            Some(c) if after_ident && hex => rest = from.get(c + 1..).unwrap_or(""),
            _ => {
                out.push('[');
                rest = from.get(1..).unwrap_or("");
            }
        }
    }
    out.push_str(rest);
    out
}

/// A demangled name without its generic arguments, so that every instance of one generic
/// function has one name: `a::f::<T>` → `a::f`, `<a::M<K, V>>::g` → `<a::M>::g`. A `<` opens
/// arguments after an identifier or `::`; elsewhere (first, after `(`, `&`, ` `) it opens a
/// qualified path, which stays. `->` inside arguments closes nothing.
pub fn family(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut depth = 0usize;
    let mut prev = ' ';
    for c in name.chars() {
        if depth > 0 {
            match c {
                '<' => depth += 1,
                '>' if prev != '-' => depth -= 1,
                _ => {}
            }
        } else if c == '<' && (prev.is_ascii_alphanumeric() || prev == '_' || prev == ':') {
            depth = 1;
            if out.ends_with("::") {
                out.truncate(out.len() - 2);
            }
        } else {
            out.push(c);
        }
        prev = c;
    }
    out
}

/// The module of one of podscope's crates a function belongs to, its first `depth` segments
/// (`podscope_core::views::kubectl` for `<podscope_core::views::kubectl::get::Row>::cells`
/// at depth 3): the crate the name's `crate_of` gives, followed into the name's path from
/// where it first appears, up to a type (a capital), a generic argument or a closure. `None`
/// for a function of another crate.
pub fn module_of(name: &str, depth: usize) -> Option<String> {
    let krate = crate_of(name);
    if !krate.starts_with("podscope") {
        return None;
    }
    let at = name.find(&format!("{krate}::")).unwrap_or(0);
    let path = name.get(at..).unwrap_or("");
    let segments: Vec<&str> = path
        .split("::")
        .take(depth)
        .take_while(|s| {
            !s.is_empty()
                && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                && !s.starts_with(|c: char| c.is_ascii_uppercase())
        })
        .collect();
    Some(if segments.is_empty() {
        krate
    } else {
        segments.join("::")
    })
}

/// The figures doc's function groups, in its table's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Group {
    /// serde's visitors, k8s-openapi's `Deserialize` impls and the deserializer they run on
    /// (the core's `admission::decode`; before it serde_yaml's `Value` deserializer,
    /// serde_path_to_error and serde_ignored).
    TypedDecode,
    Jiff,
    /// The YAML parser: libyaml-safer and the core's `model::yaml` (before them serde_yaml
    /// and unsafe-libyaml).
    Yaml,
    Saphyr,
    PodscopeCore,
    Web,
    Std,
    Other,
}

impl Group {
    pub const ALL: [Group; 8] = [
        Group::TypedDecode,
        Group::Jiff,
        Group::Yaml,
        Group::Saphyr,
        Group::PodscopeCore,
        Group::Web,
        Group::Std,
        Group::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Group::TypedDecode => {
                "typed decode: the core's admission::decode (the generated readers, the deserializer of the leaf types), serde visitors, k8s_openapi Deserialize (before them serde_yaml::value::de, serde_path_to_error, serde_ignored)"
            }
            Group::Jiff => "jiff, jiff_core",
            Group::Yaml => {
                "YAML: libyaml_safer + podscope_core::model::yaml (before them serde_yaml + unsafe_libyaml, the rest)"
            }
            Group::Saphyr => "saphyr",
            Group::PodscopeCore => "podscope_core",
            Group::Web => "podscope_web + yew + wasm_bindgen + web_sys + js_sys",
            Group::Std => "std, core, alloc, dlmalloc",
            Group::Other => "other",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Group::TypedDecode => "typed_decode",
            Group::Jiff => "jiff, jiff_core",
            Group::Yaml => "yaml",
            Group::Saphyr => "saphyr",
            Group::PodscopeCore => "podscope_core",
            Group::Web => "web",
            Group::Std => "std",
            Group::Other => "other",
        }
    }
}

const STD_CRATES: [&str; 7] = [
    "core",
    "__rustc",
    "alloc",
    "std",
    "dlmalloc",
    "compiler_builtins",
    "panic_abort",
];

/// The group of a demangled name whose crate is `krate` (see [`crate_of`]).
pub fn group(krate: &str, demangled: &str) -> Group {
    let decode_words = ["Deserialize", "deserialize", "visit_", "Visitor"];
    match krate {
        "serde" | "serde_core" | "serde_path_to_error" | "serde_ignored" => Group::TypedDecode,
        "k8s_openapi" if decode_words.iter().any(|w| demangled.contains(w)) => Group::TypedDecode,
        "serde_yaml" if demangled.contains("serde_yaml::value::de") => Group::TypedDecode,
        // The core's generated readers and its deserializer (admission/decode/), and the
        // visitors instantiated for it.
        "podscope_core" if demangled.contains("podscope_core::admission::decode") => {
            Group::TypedDecode
        }
        k if k.starts_with("jiff") => Group::Jiff,
        "serde_yaml" | "unsafe_libyaml" | "libyaml_safer" => Group::Yaml,
        "podscope_core" if demangled.contains("podscope_core::model::yaml") => Group::Yaml,
        k if k.starts_with("saphyr") => Group::Saphyr,
        "podscope_core" => Group::PodscopeCore,
        "podscope_web" | "web_sys" | "js_sys" => Group::Web,
        k if k.starts_with("yew") || k.starts_with("wasm_bindgen") || k.starts_with("gloo") => {
            Group::Web
        }
        k if STD_CRATES.contains(&k) => Group::Std,
        _ => Group::Other,
    }
}

/// The crate of a demangled function's path: its first segment, or for `<T as Trait>::f` and
/// `<T>::f` the crate the impl can live in: `T`'s crate, or the trait's when `T` is a std type
/// or a primitive (the orphan rule: an impl lives with its type or its trait; for two
/// non-std crates the type's is taken, as for derives). `(none)` for a name without a path.
pub fn crate_of(path: &str) -> String {
    let s = path.trim();
    if let Some(inner) = s.strip_prefix('<') {
        let inner = inner.get(..closing(inner)).unwrap_or(inner);
        let (ty, tr) = match split_as(inner) {
            Some((ty, tr)) => (ty, Some(tr)),
            None => (inner, None),
        };
        let ty_crate = type_crate(ty);
        let tr_crate = tr.map(crate_of);
        return match (ty_crate, tr_crate) {
            (Some(t), Some(tr)) if STD_CRATES.contains(&t.as_str()) => {
                if STD_CRATES.contains(&tr.as_str()) {
                    t
                } else {
                    tr
                }
            }
            (Some(t), _) => t,
            (None, Some(tr)) => tr,
            (None, None) => "core".to_owned(),
        };
    }
    let end = s.find(['<', ':', '(', ' ']).unwrap_or(s.len());
    match s.get(..end) {
        Some(first) if !first.is_empty() && s.get(end..).is_some_and(|r| r.starts_with("::")) => {
            first.to_owned()
        }
        _ => "(none)".to_owned(),
    }
}

/// The crate of a type; `None` for primitives, slices, tuples, arrays, fn pointers.
fn type_crate(ty: &str) -> Option<String> {
    let mut t = ty.trim();
    while let Some(p) = ["&mut ", "&", "*const ", "*mut ", "dyn ", "impl ", "mut "]
        .iter()
        .find(|p| t.starts_with(**p))
    {
        t = t.get(p.len()..).unwrap_or("");
    }
    if t.starts_with(['[', '(']) || t.starts_with("fn") || t.starts_with("unsafe ") {
        return None;
    }
    let c = crate_of(t);
    (c != "(none)").then_some(c)
}

/// The byte index of the `>` closing an opening `<` already consumed.
fn closing(s: &str) -> usize {
    let mut depth = 0usize;
    for (i, ch) in s.char_indices() {
        match ch {
            '<' => depth += 1,
            '>' if i > 0 && s.as_bytes().get(i - 1) == Some(&b'-') => {}
            '>' if depth == 0 => return i,
            '>' => depth -= 1,
            _ => {}
        }
    }
    s.len()
}

/// Splits `T as Trait` at its top-level ` as `.
fn split_as(s: &str) -> Option<(&str, &str)> {
    let mut depth = 0i32;
    let bytes = s.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'<' | b'[' | b'(' => depth += 1,
            b'>' if i > 0 && bytes.get(i - 1) == Some(&b'-') => {}
            b'>' | b']' | b')' => depth -= 1,
            b' ' if depth == 0 && s.get(i..).is_some_and(|r| r.starts_with(" as ")) => {
                return Some((s.get(..i)?, s.get(i + 4..)?));
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demangles_v0_and_legacy_without_hash() {
        // v0: `_RNvCs..._7mycrate3foo` = mycrate::foo (rustc-demangle's own test vector form).
        assert_eq!(demangle("_RNvC7mycrate3foo"), "mycrate::foo");
        assert_eq!(
            demangle("_ZN13podscope_core8manifest8classify17h0123456789abcdefE"),
            "podscope_core::manifest::classify"
        );
        assert_eq!(demangle("__wbindgen_malloc"), "__wbindgen_malloc");
        // As wasm-ld writes v0 names: demangled, with crate disambiguators.
        assert_eq!(
            demangle("<core[c5930c85a12de822]::fmt::Formatter>::pad::<[u8; 4]>"),
            "<core::fmt::Formatter>::pad::<[u8; 4]>"
        );
        assert_eq!(demangle("<[u8] as x[ab]::T>::f"), "<[u8] as x::T>::f");
    }

    #[test]
    fn a_module_is_a_podscope_path_up_to_its_types() {
        let m = |name: &str| module_of(name, 3);
        assert_eq!(
            m("<podscope_core::views::kubectl::get::Row>::cells").as_deref(),
            Some("podscope_core::views::kubectl")
        );
        assert_eq!(
            m("<podscope_core::sim::world::World>::reconcile").as_deref(),
            Some("podscope_core::sim::world")
        );
        assert_eq!(
            m("<podscope_web::App as yew::functional::FunctionProvider>::run").as_deref(),
            Some("podscope_web")
        );
        assert_eq!(
            m("podscope_shell::parse::<T>").as_deref(),
            Some("podscope_shell::parse")
        );
        assert_eq!(m("core::ptr::drop_in_place::<podscope_core::X>"), None);
        assert_eq!(
            m("<alloc::vec::Vec<u8> as core::clone::Clone>::clone"),
            None
        );
    }

    #[test]
    fn a_family_is_a_name_without_generic_arguments() {
        for (name, family_name) in [
            (
                "core::slice::sort::stable::driftsort_main::<(String, String), <[(String, String)]>::sort_by<F>::{closure#0}, Vec<(String, String)>>",
                "core::slice::sort::stable::driftsort_main",
            ),
            (
                "<alloc::collections::btree::map::BTreeMap<String, String>>::insert",
                "<alloc::collections::btree::map::BTreeMap>::insert",
            ),
            (
                "<BTreeMap<K, V> as FromIterator<(K, V)>>::from_iter::<I>",
                "<BTreeMap as FromIterator>::from_iter",
            ),
            (
                "<[&str] as x::Sort<&str>>::sort_by::<fn(&&str) -> bool>",
                "<[&str] as x::Sort>::sort_by",
            ),
            (
                "podscope_core::manifest::classify",
                "podscope_core::manifest::classify",
            ),
        ] {
            assert_eq!(family(name), family_name, "{name}");
        }
    }

    #[test]
    fn crate_of_paths_and_impls() {
        assert_eq!(
            crate_of("podscope_core::manifest::classify"),
            "podscope_core"
        );
        assert_eq!(crate_of("jiff::fmt::temporal::parse::<u8>"), "jiff");
        // A derive: the impl lives with the type.
        assert_eq!(
            crate_of("<k8s_openapi::api::core::v1::Volume as serde::de::Deserialize>::deserialize"),
            "k8s_openapi"
        );
        // A std type with a foreign trait: the impl is the trait's crate's.
        assert_eq!(
            crate_of("<alloc::string::String as serde::de::Deserialize>::deserialize::<X>"),
            "serde"
        );
        assert_eq!(
            crate_of("<alloc::vec::Vec<k8s_openapi::X> as core::ops::drop::Drop>::drop"),
            "alloc"
        );
        assert_eq!(
            crate_of(
                "<&mut serde_yaml::de::DeserializerFromEvents as serde::de::Deserializer>::deserialize_map"
            ),
            "serde_yaml"
        );
        assert_eq!(crate_of("<[u8] as core::fmt::Debug>::fmt"), "core");
        assert_eq!(
            crate_of("<&&alloc::string::String as serde::Serialize>::serialize"),
            "serde"
        );
        assert_eq!(
            crate_of(
                "<<k8s_openapi::Volume as serde_core::de::Deserialize>::deserialize::Visitor as serde_core::de::Visitor>::visit_map::<X>"
            ),
            "k8s_openapi"
        );
        assert_eq!(crate_of("<str>::len"), "core");
        assert_eq!(crate_of("<yew::html::Html>::new"), "yew");
        assert_eq!(crate_of("memcpy"), "(none)");
    }

    #[test]
    fn groups_follow_the_figures_doc() {
        let g = |name: &str| group(&crate_of(name), name);
        assert_eq!(
            g("<k8s_openapi::api::core::v1::Volume as serde::de::Deserialize>::deserialize"),
            Group::TypedDecode
        );
        assert_eq!(
            g("<k8s_openapi::api::core::v1::Volume as core::clone::Clone>::clone"),
            Group::Other
        );
        assert_eq!(
            g("serde_yaml::value::de::visit_mapping::<X>"),
            Group::TypedDecode
        );
        assert_eq!(
            g("serde_yaml::libyaml::emitter::Emitter::emit"),
            Group::Yaml
        );
        assert_eq!(
            g("unsafe_libyaml::scanner::yaml_parser_fetch_more_tokens"),
            Group::Yaml
        );
        assert_eq!(g("serde_path_to_error::de::Wrap::new"), Group::TypedDecode);
        assert_eq!(
            g(
                "podscope_core::admission::decode::within::<core::marker::PhantomData<k8s_openapi::api::core::v1::Volume>>"
            ),
            Group::TypedDecode
        );
        assert_eq!(
            g(
                "<<k8s_openapi::api::core::v1::Volume as serde::de::Deserialize>::deserialize::Visitor as serde::de::Visitor>::visit_map::<podscope_core::admission::decode::Map>"
            ),
            Group::TypedDecode
        );
        assert_eq!(g("jiff::error::Error::fmt"), Group::Jiff);
        assert_eq!(g("jiff_core::tz::f"), Group::Jiff);
        assert_eq!(g("__rustc::rust_begin_unwind"), Group::Std);
        assert_eq!(g("saphyr_parser::scanner::Scanner::fetch"), Group::Saphyr);
        assert_eq!(
            g("libyaml_safer::scanner::Scanner::fetch_more_tokens"),
            Group::Yaml
        );
        assert_eq!(
            g("podscope_core::model::yaml::compose::Walk::node"),
            Group::Yaml
        );
        assert_eq!(g("podscope_core::manifest::classify"), Group::PodscopeCore);
        assert_eq!(g("yew_macro::x"), Group::Web);
        assert_eq!(g("wasm_bindgen::convert::f"), Group::Web);
        assert_eq!(g("dlmalloc::dlmalloc::Dlmalloc::malloc"), Group::Std);
        assert_eq!(g("memcpy"), Group::Other);
    }
}

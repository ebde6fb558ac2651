//! The schema table (`admission/decode/schema.rs`): for every kind Kubernetes 1.35 serves
//! that podscope does not simulate, the fields of each struct it reaches and how each is
//! read, so one interpreter in the core gives the API types' type and unknown-field checks
//! without a reader (or serde's visitor) per struct.
//!
//! A struct the readers already cover is checked by its reader; a type of another pattern
//! (`Quantity`, `JSON`, maps of strings, …) by its own `Deserialize`.

use std::fmt::Write as _;
use std::path::Path;

use super::{Finish, Generator, Ty, between, fn_name};
use crate::Result;

/// Where the table goes, relative to the workspace root.
pub(super) const OUT: &str = "crates/podscope-core/src/admission/decode/schema.rs";
/// Where the list of every served kind goes.
pub(super) const OUT_SERVED: &str = "crates/podscope-core/src/model/kinds/served.rs";
/// Where its test's oracle goes: serde's decode of each kind.
pub(super) const OUT_ORACLE: &str = "crates/podscope-core/tests/it/schema_oracle.rs";

/// The trees whose `Resource` types are the kinds the API server serves (as
/// `model/kinds.rs` lists them); `apimachinery` holds only the discovery and status types.
const TREES: &[&str] = &["api", "apiextensions_apiserver", "kube_aggregator"];

/// A served kind: its type and what its `Resource` impl says.
pub(super) struct Kind {
    pub(super) path: String,
    pub(super) api_version: String,
    pub(super) kind: String,
}

/// Every type implementing `crate::Resource` in the trees, sorted by apiVersion and kind.
pub(super) fn kinds(src: &Path) -> Result<Vec<Kind>> {
    let mut out = Vec::new();
    for tree in TREES {
        walk(src, &src.join(tree), &mut out)?;
    }
    out.sort_by(|a, b| (&a.api_version, &a.kind).cmp(&(&b.api_version, &b.kind)));
    Ok(out)
}

fn walk(src: &Path, dir: &Path, out: &mut Vec<Kind>) -> Result {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(src, &path, out)?;
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Some(rest) = text.split("\nimpl crate::Resource for ").nth(1) else {
            continue;
        };
        let name = rest.split(' ').next().unwrap_or_default();
        let constant = |c: &str| {
            rest.split(&format!("const {c}: &'static str = \""))
                .nth(1)
                .and_then(|s| s.split('"').next())
                .map(str::to_owned)
        };
        let (Some(api_version), Some(kind)) = (constant("API_VERSION"), constant("KIND")) else {
            return Err(format!(
                "{}: a Resource impl without its consts",
                path.display()
            ));
        };
        let module = path
            .parent()
            .and_then(|p| p.strip_prefix(src).ok())
            .ok_or("a file outside the source")?
            .to_string_lossy()
            .replace('/', "::");
        out.push(Kind {
            path: format!("crate::{module}::{name}"),
            api_version,
            kind,
        });
    }
    Ok(())
}

/// An enum k8s-openapi reads with `deserialize_any` as one of: a struct (from a mapping), a
/// list (from a sequence), a bool (`JSONSchemaPropsOrArray`, `…OrBool`, `…OrStringArray`).
pub(super) struct Either {
    expecting: String,
    /// The struct a mapping is read as.
    map: String,
    /// What a sequence is read as (a `Vec`).
    seq: Option<Ty>,
    boolean: bool,
}

impl Either {
    /// The structs it reads.
    pub(super) fn reaches(&self) -> Vec<String> {
        let mut out = vec![self.map.clone()];
        if let Some(inner) = self.seq.as_ref().and_then(|t| t.is("std::vec::Vec"))
            && inner.path.starts_with("crate::")
        {
            out.push(inner.path.clone());
        }
        out
    }
}

/// The enum at `path` if its `Deserialize` is the either-or pattern: `deserialize_any`, a
/// `visit_map` through `MapAccessDeserializer`, a `visit_seq` through `SeqAccessDeserializer`,
/// a `visit_bool`, and no other visit.
pub(super) fn either(text: &str, path: &str) -> Option<Either> {
    let name = path.rsplit("::").next()?;
    let body = between(text, &format!("pub enum {name} {{"), "\n}")?;
    let mut variants = std::collections::BTreeMap::new();
    for line in body.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (variant, ty) = line.trim_end_matches(',').split_once('(')?;
        variants.insert(variant.to_owned(), Ty::parse(ty.strip_suffix(')')?)?);
    }
    let de = between(
        text,
        &format!("impl<'de> crate::serde::Deserialize<'de> for {name} {{"),
        "\nimpl ",
    )?;
    if !de.contains("deserializer.deserialize_any(Visitor)") {
        return None;
    }
    let expecting = between(de, "f.write_str(\"", "\"")?.to_owned();
    let built = |method: &str, access: &str| -> Option<Option<&Ty>> {
        let Some(body) = de.split(&format!("fn {method}<")).nth(1) else {
            return Some(None);
        };
        let body = body.split("\n            }").next()?;
        let variant = between(body, &format!("Ok({name}::"), "(")?;
        if !body.contains(access) {
            return None;
        }
        variants.get(variant).map(Some)
    };
    let map = built("visit_map", "MapAccessDeserializer::new(map)")??;
    let map = map.is("std::boxed::Box").unwrap_or(map);
    let seq = built("visit_seq", "SeqAccessDeserializer::new(seq)")?.cloned();
    let boolean = built("visit_bool", "(v)")?.is_some_and(|t| t.path == "bool");
    let visits = de.matches("fn visit_").count();
    let known = 1 + usize::from(seq.is_some()) + usize::from(boolean);
    (visits == known && map.args.is_empty()).then(|| Either {
        expecting,
        map: map.path.clone(),
        seq,
        boolean,
    })
}

/// The table's strings: each once, in one text, by index.
#[derive(Default)]
struct Names {
    text: String,
    ends: Vec<usize>,
    index: std::collections::BTreeMap<String, usize>,
}

impl Names {
    fn id(&mut self, name: &str) -> usize {
        if let Some(&i) = self.index.get(name) {
            return i;
        }
        self.text.push_str(name);
        self.ends.push(self.text.len());
        self.index.insert(name.to_owned(), self.ends.len() - 1);
        self.ends.len() - 1
    }
}

/// The table being written: what each struct, enum and function is called in it.
struct Table<'g> {
    readers: &'g Generator,
    schemas: Vec<&'g str>,
    eithers: Vec<&'g str>,
    fns: Vec<String>,
    names: Names,
}

impl Table<'_> {
    /// How one value of `ty` is checked (`El::…`); `None` for a type read by its own
    /// `Deserialize` (a leaf).
    fn el(&mut self, ty: &Ty) -> Option<String> {
        if !ty.args.is_empty() {
            return None;
        }
        if self.readers.shapes.contains_key(&ty.path) {
            return Some(format!("El::Fn({})", self.fn_id(read_fn(&ty.path))));
        }
        if let Some(i) = self.schemas.iter().position(|p| *p == ty.path) {
            return Some(format!("El::Table({i})"));
        }
        let i = self.eithers.iter().position(|p| *p == ty.path)?;
        Some(format!("El::Either({i})"))
    }

    /// The index in `FNS` of the function `f`, listed there when first used.
    fn fn_id(&mut self, f: String) -> usize {
        match self.fns.iter().position(|g| *g == f) {
            Some(i) => i,
            None => {
                self.fns.push(f);
                self.fns.len() - 1
            }
        }
    }

    /// How a value of `ty` is checked (`Check::…`): one, a list or a map of structs, or a
    /// leaf.
    fn check(&mut self, ty: &Ty) -> String {
        let container = if let Some(inner) = ty.is("std::vec::Vec") {
            Some(("List", inner))
        } else if let Some(inner) = ty.is("std::boxed::Box") {
            Some(("One", inner))
        } else {
            match ty.args.as_slice() {
                [key, value]
                    if ty.path == "std::collections::BTreeMap"
                        && key.path == "std::string::String" =>
                {
                    Some(("Map", value))
                }
                _ => None,
            }
        };
        if let Some((check, inner)) = container
            && let Some(el) = self.el(inner)
        {
            return format!("Check::{check}({el})");
        }
        match self.el(ty) {
            Some(el) => format!("Check::One({el})"),
            None => format!("Check::One(El::Fn({}))", self.fn_id(leaf_fn(ty))),
        }
    }
}

fn read_fn(path: &str) -> String {
    format!("read_{}", fn_name(path))
}

fn leaf_fn(ty: &Ty) -> String {
    format!("leaf::<{}>", ty.spelled())
}

/// The table's file.
pub(super) fn emit(readers: &Generator, checked: &Generator, kinds: &[&Kind]) -> String {
    let mut t = Table {
        readers,
        schemas: checked
            .shapes
            .keys()
            .filter(|p| !readers.shapes.contains_key(*p))
            .map(String::as_str)
            .collect(),
        eithers: checked.eithers.keys().map(String::as_str).collect(),
        fns: Vec::new(),
        names: Names::default(),
    };
    let mut out = String::new();
    out.push_str(
        "//! The schema table of the kinds podscope checks but does not simulate: generated by\n\
         //! `cargo xtask readers` from k8s-openapi's source (crates/codegen/src/readers/schema.rs\n\
         //! says how); do not edit.\n\n\
         #![allow(clippy::unreadable_literal)]\n\n\
         use super::check::{Check, CheckFn, El, Either, Field, Kind, Schema, leaf};\n\
         use super::{Error, Node, generated};\n\n",
    );
    out.push_str(
        "/// The served kinds podscope does not simulate, by apiVersion and kind.\n\
         pub(super) static KINDS: &[Kind] = &[\n",
    );
    for k in kinds {
        let root = Ty {
            path: k.path.clone(),
            args: Vec::new(),
        };
        let _ = writeln!(
            out,
            "    Kind {{ api_version: {:?}, kind: {:?}, check: {} }},",
            k.api_version,
            k.kind,
            t.check(&root)
        );
    }
    out.push_str("];\n\n");
    let mut schemas = String::new();
    let mut fields = String::new();
    let mut count = 0;
    for path in t.schemas.clone() {
        let shape = &checked.shapes[path];
        let resource = kinds
            .iter()
            .position(|k| k.path == *path)
            .filter(|_| shape.resource)
            .map_or("None".to_owned(), |k| format!("Some({k})"));
        let expecting = t.names.id(&shape.expecting);
        let _ = writeln!(
            schemas,
            "    Schema {{ expecting: {expecting}, resource: {resource}, first: {count}, len: {} }}, // {}",
            shape.fields.len(),
            shape.expecting
        );
        for f in &shape.fields {
            let name = t.names.id(&f.json);
            let required = f.finish == Finish::Required;
            let _ = writeln!(
                fields,
                "    Field {{ name: {name}, check: {}, required: {required} }},",
                t.check(&f.ty)
            );
        }
        count += shape.fields.len();
    }
    let mut eithers = String::new();
    for path in t.eithers.clone() {
        let e = &checked.eithers[path];
        let expecting = t.names.id(&e.expecting);
        let map = t
            .schemas
            .iter()
            .position(|p| *p == e.map)
            .unwrap_or(usize::MAX);
        let seq = e
            .seq
            .as_ref()
            .map_or("None".to_owned(), |s| format!("Some({})", t.check(s)));
        let _ = writeln!(
            eithers,
            "    Either {{ expecting: {expecting}, map: {map}, seq: {seq}, boolean: {} }},",
            e.boolean
        );
    }
    let _ = write!(
        out,
        "/// The structs, each with its fields at `FIELDS[first..first + len]`.\n\
         pub(super) static SCHEMAS: &[Schema] = &[\n{schemas}];\n\n\
         pub(super) static FIELDS: &[Field] = &[\n{fields}];\n\n\
         pub(super) static EITHERS: &[Either] = &[\n{eithers}];\n\n"
    );
    // Lengths rather than ends: gzip leaves 1,562 bytes of u16 ends at 1,518, a third of
    // that for these small repeated numbers.
    let mut start = 0;
    let lens: Vec<String> = t
        .names
        .ends
        .iter()
        .map(|&end| {
            let len = u8::try_from(end - start).expect("a name under 256 bytes");
            start = end;
            len.to_string()
        })
        .collect();
    let _ = write!(
        out,
        "/// Every name the table uses, one after another; name `i` is the `NAME_LENS[i]` bytes\n\
         /// after the names before it.\n\
         pub(super) static NAMES: &str = {:?};\n\n\
         pub(super) static NAME_LENS: &[u8] = &[{}];\n\n",
        t.names.text,
        lens.join(", ")
    );
    out.push_str(
        "/// The functions `El::Fn` names: readers, and leaves read by their own `Deserialize`.\n\
         pub(super) static FNS: &[CheckFn] = &[\n",
    );
    for f in &t.fns {
        let _ = writeln!(out, "    {f},");
    }
    out.push_str("];\n\n");
    for f in t.fns.iter().filter_map(|f| f.strip_prefix("read_")) {
        let _ = writeln!(
            out,
            "fn read_{f}(n: Node<'_>) -> Result<(), Error> {{\n    generated::{f}(n).map(drop)\n}}\n"
        );
    }
    out
}

/// The list of every served kind (`model::kinds::BUILT_IN`).
pub(super) fn emit_served(kinds: &[Kind]) -> String {
    let mut out = String::from(
        "//! Every kind Kubernetes 1.35 serves: generated by `cargo xtask readers` from\n\
         //! k8s-openapi's source (crates/codegen/src/readers/schema.rs); do not edit.\n\n\
         /// `(apiVersion, kind)`, sorted.\n\
         pub const BUILT_IN: &[(&str, &str)] = &[\n",
    );
    for k in kinds {
        let _ = writeln!(out, "    ({:?}, {:?}),", k.api_version, k.kind);
    }
    out.push_str("];\n");
    out
}

/// The test's oracle: each kind of the table decoded by k8s-openapi's own `Deserialize`.
pub(super) fn emit_oracle(kinds: &[&Kind]) -> String {
    let mut out = String::new();
    out.push_str(
        "//! The schema table's oracle: each kind it checks, decoded by k8s-openapi's own\n\
         //! `Deserialize` through the same deserializer. Generated by `cargo xtask readers`\n\
         //! (crates/codegen/src/readers/schema.rs); do not edit.\n\n\
         use podscope_core::admission::decode::{Outcome, decode};\n\
         use podscope_core::model::yaml::Value;\n\n\
         /// serde's decode of `value` as the kind's type, the object dropped.\n\
         pub fn decode_as(api_version: &str, kind: &str, value: &Value) -> Option<Outcome<()>> {\n\
         \x20   Some(match (api_version, kind) {\n",
    );
    for k in kinds {
        let ty = Ty {
            path: k.path.clone(),
            args: Vec::new(),
        }
        .spelled();
        let _ = writeln!(
            out,
            "        ({:?}, {:?}) => unit(decode::<{ty}>(value)),",
            k.api_version, k.kind
        );
    }
    out.push_str(
        "        _ => return None,\n    })\n}\n\n\
         fn unit<T>(o: Outcome<T>) -> Outcome<()> {\n\
         \x20   Outcome {\n        result: o.result.map(drop),\n        unknown: o.unknown,\n    }\n}\n",
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::readers::k8s_openapi_src;

    const V1: &str = "crate::apiextensions_apiserver::pkg::apis::apiextensions::v1";

    /// What the table reads off k8s-openapi's source: the served kinds with their
    /// `Resource` consts, and the either-or enums (and nothing else) as such.
    #[test]
    fn kinds_and_either_or_enums_follow_the_source() {
        let src = k8s_openapi_src().expect("k8s-openapi's source");
        let all = kinds(&src).expect("the kinds");
        let ingress = all
            .iter()
            .find(|k| k.kind == "Ingress")
            .expect("Ingress is served");
        assert_eq!(ingress.api_version, "networking.k8s.io/v1");
        assert_eq!(ingress.path, "crate::api::networking::v1::Ingress");
        assert!(all.iter().all(|k| !k.path.contains("apimachinery")));
        let g = Generator::new(&src);
        let either_at = |name: &str| {
            let path = format!("{V1}::{name}");
            either(&g.file_text(&path).expect("its file"), &path)
        };
        let array = either_at("JSONSchemaPropsOrArray").expect("either-or");
        assert_eq!(array.expecting, "JSONSchemaPropsOrArray");
        assert_eq!(array.map, format!("{V1}::JSONSchemaProps"));
        assert_eq!(
            array.seq.map(|t| t.spelled()),
            Some(format!(
                "std::vec::Vec<k8s_openapi::{}::JSONSchemaProps>",
                &V1[7..]
            ))
        );
        assert!(!array.boolean);
        let boolean = either_at("JSONSchemaPropsOrBool").expect("either-or");
        assert!(boolean.boolean && boolean.seq.is_none());
        let strings = either_at("JSONSchemaPropsOrStringArray").expect("either-or");
        assert_eq!(
            strings.seq.map(|t| t.spelled()),
            Some("std::vec::Vec<std::string::String>".to_owned())
        );
        // `IntOrString` reads numbers and strings: not this pattern, read by its own serde.
        let path = "crate::apimachinery::pkg::util::intstr::IntOrString";
        assert!(either(&g.file_text(path).expect("its file"), path).is_none());
    }
}

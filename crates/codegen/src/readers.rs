//! `cargo xtask readers` (`codegen readers`): writes the core's readers of the API types podscope decodes
//! (crates/podscope-core/src/admission/decode/generated.rs) from k8s-openapi's own source, so
//! k8s-openapi stays the source of truth and nothing is copied by hand.
//!
//! k8s-openapi's `Deserialize` impls are generated to one pattern: a `Field` enum named by a
//! `match` on the JSON keys, a `visit_map` that reads each field as `Option<T>` (an unknown key
//! as `IgnoredAny`), then the struct built with each field as is, `unwrap_or_default()`, or
//! `missing_field`; a resource also checks `apiVersion` and `kind`. serde monomorphises all of
//! that for every struct (docs/figures.md: most of the decode's wasm). The readers do the same
//! reads in the same order with one shared, non-generic loop over the keys (`Node::object` in
//! the core), so each struct keeps only the code that builds it. A type written to any other
//! pattern (`Quantity`, `Time`, `IntOrString`, …) is read through its own `Deserialize`.
//! The same run writes the writers (`model/json/generated.rs`) and, for every other served
//! kind, the schema table (`schema.rs` here). `--check` fails if a file is not what the pinned
//! k8s-openapi gives.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::Result;

mod schema;

/// Where the readers go, relative to the workspace root.
pub const OUT: &str = "crates/podscope-core/src/admission/decode/generated.rs";
/// Where the writers (the same types to JSON values) go.
pub const OUT_WRITERS: &str = "crates/podscope-core/src/model/json/generated.rs";

/// The kinds `admission::manifest` decodes (podscope simulates them), as k8s-openapi's paths (`crate::` is k8s-openapi).
const ROOTS: &[&str] = &[
    "crate::api::core::v1::Pod",
    "crate::api::apps::v1::Deployment",
    "crate::api::apps::v1::ReplicaSet",
    "crate::api::core::v1::ReplicationController",
    "crate::api::core::v1::ConfigMap",
    "crate::api::core::v1::Secret",
    "crate::api::core::v1::Service",
    "crate::api::core::v1::Namespace",
    "crate::api::core::v1::Node",
    "crate::api::batch::v1::Job",
    "crate::api::core::v1::LimitRange",
    "crate::api::core::v1::ResourceQuota",
    "crate::api::core::v1::PersistentVolume",
    "crate::api::core::v1::ServiceAccount",
    "crate::api::core::v1::PersistentVolumeClaim",
];

const USAGE: &str = "usage: cargo xtask readers [--check]";

pub fn readers_cmd(args: &[&str]) -> Result {
    let check = match args {
        [] => false,
        ["--check"] => true,
        _ => return Err(USAGE.into()),
    };
    let root = crate::root();
    for (file, text) in generate(&k8s_openapi_src()?)? {
        let out = root.join(file);
        if check {
            let have = std::fs::read_to_string(&out).unwrap_or_default();
            if have != text {
                return Err(format!("{file} is stale: run `cargo xtask readers`"));
            }
            continue;
        }
        std::fs::write(&out, text).map_err(|e| format!("{}: {e}", out.display()))?;
        eprintln!("codegen: wrote {file}");
    }
    Ok(())
}

/// k8s-openapi's `src/v1_35`, found through `cargo metadata` (the version Cargo.lock pins).
pub fn k8s_openapi_src() -> Result<PathBuf> {
    let out = std::process::Command::new(std::env::var("CARGO").unwrap_or("cargo".into()))
        .args(["metadata", "--format-version", "1", "--locked", "--offline"])
        .current_dir(crate::root())
        .output()
        .map_err(|e| format!("cargo metadata: {e}"))?;
    let json = String::from_utf8_lossy(&out.stdout);
    let key = "\"manifest_path\":\"";
    let manifest = json
        .split(key)
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .find(|p| {
            Path::new(p)
                .parent()
                .and_then(Path::file_name)
                .is_some_and(|d| d.to_string_lossy().starts_with("k8s-openapi-"))
        })
        .ok_or("cargo metadata names no k8s-openapi package")?;
    let dir = Path::new(manifest)
        .parent()
        .ok_or("k8s-openapi's manifest has no folder")?;
    Ok(dir.join("src/v1_35"))
}

/// A Rust type as k8s-openapi spells it: a path and its generic arguments.
#[derive(Clone, Debug, PartialEq)]
struct Ty {
    path: String,
    args: Vec<Ty>,
}

impl Ty {
    fn parse(text: &str) -> Option<Ty> {
        let (ty, rest) = Ty::parse_at(text.trim())?;
        rest.trim().is_empty().then_some(ty)
    }

    fn parse_at(text: &str) -> Option<(Ty, &str)> {
        let end = text
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
            .unwrap_or(text.len());
        let path = text[..end].to_owned();
        if path.is_empty() {
            return None;
        }
        let mut rest = text[end..].trim_start();
        let mut args = Vec::new();
        if let Some(r) = rest.strip_prefix('<') {
            rest = r;
            loop {
                let (arg, r) = Ty::parse_at(rest.trim_start())?;
                args.push(arg);
                rest = r.trim_start();
                if let Some(r) = rest.strip_prefix(',') {
                    rest = r;
                } else if let Some(r) = rest.strip_prefix('>') {
                    rest = r;
                    break;
                } else {
                    return None;
                }
            }
        }
        Some((Ty { path, args }, rest))
    }

    /// The type as the core names it.
    fn spelled(&self) -> String {
        let mut s = match self.path.strip_prefix("crate::") {
            Some(p) => format!("k8s_openapi::{p}"),
            None => self.path.clone(),
        };
        if !self.args.is_empty() {
            let args: Vec<String> = self.args.iter().map(Ty::spelled).collect();
            let _ = write!(s, "<{}>", args.join(", "));
        }
        s
    }

    fn is(&self, path: &str) -> Option<&Ty> {
        (self.path == path && self.args.len() == 1).then(|| &self.args[0])
    }

    /// The type a field holds structs of: itself, or what a `Vec`, `Box` or a map's
    /// values hold.
    fn element(&self) -> &Ty {
        if let Some(inner) = self
            .is("std::vec::Vec")
            .or_else(|| self.is("std::boxed::Box"))
        {
            return inner;
        }
        match self.args.as_slice() {
            [key, value]
                if self.path == "std::collections::BTreeMap"
                    && key.path == "std::string::String" =>
            {
                value
            }
            _ => self,
        }
    }
}

/// How a field's value becomes the struct's field, as `visit_map` ends.
#[derive(Debug, PartialEq)]
enum Finish {
    /// `field: value_field` (an `Option` field).
    AsIs,
    /// `field: value_field.unwrap_or_default()`.
    OrDefault,
    /// `field: value_field.ok_or_else(|| missing_field("json"))?`.
    Required,
}

#[derive(Debug)]
struct Field {
    rust: String,
    json: String,
    /// The type read: the field's type without its `Option`.
    ty: Ty,
    finish: Finish,
}

/// One struct of the standard pattern.
#[derive(Debug)]
struct Shape {
    ty: Ty,
    /// What serde's error says the visitor expected: the struct's name (a resource's kind).
    expecting: String,
    resource: bool,
    fields: Vec<Field>,
    /// It derives `Default`.
    default: bool,
    /// Its `Serialize` is of the standard pattern too: each field written under its JSON
    /// name, an `Option` field only when it is `Some`, a resource's `apiVersion` and `kind`.
    serializes: bool,
}

/// How a field's value is read or written.
enum Via {
    /// Through the type's own `Deserialize` or `Serialize`.
    Leaf,
    /// By the generated function of a standard struct (its name).
    Struct(String),
    /// A list of such structs.
    List(String),
}

struct Generator {
    src: PathBuf,
    shapes: BTreeMap<String, Shape>,
    /// Types read through their own `Deserialize` (not of the standard pattern).
    leaves: BTreeSet<String>,
    /// Enums of the either-or pattern (`JSONSchemaPropsOrArray`, …), by path.
    eithers: BTreeMap<String, schema::Either>,
}

/// The readers' file and the writers' file, with their texts.
fn generate(src: &Path) -> Result<[(&'static str, String); 5]> {
    let mut g = Generator::new(src);
    g.collect(ROOTS.iter().map(|r| (*r).to_owned()).collect())?;
    let served = schema::kinds(src)?;
    let kinds: Vec<&schema::Kind> = served
        .iter()
        .filter(|k| !ROOTS.contains(&k.path.as_str()))
        .collect();
    let mut checked = Generator::new(src);
    checked.collect(kinds.iter().map(|k| k.path.clone()).collect())?;
    Ok([
        (OUT, rustfmt(&g.emit())?),
        (OUT_WRITERS, rustfmt(&g.emit_writers())?),
        (schema::OUT, rustfmt(&schema::emit(&g, &checked, &kinds))?),
        (schema::OUT_ORACLE, rustfmt(&schema::emit_oracle(&kinds))?),
        (schema::OUT_SERVED, rustfmt(&schema::emit_served(&served))?),
    ])
}

impl Generator {
    fn new(src: &Path) -> Generator {
        Generator {
            src: src.to_owned(),
            shapes: BTreeMap::new(),
            leaves: BTreeSet::new(),
            eithers: BTreeMap::new(),
        }
    }

    /// Reads the structs at `todo` and every struct their fields reach (through `Vec`,
    /// `Box` and the values of maps), each as a shape or, of another pattern, a leaf.
    fn collect(&mut self, mut todo: Vec<String>) -> Result {
        while let Some(path) = todo.pop() {
            if self.shapes.contains_key(&path) || self.leaves.contains(&path) {
                continue;
            }
            match self.shape(&path)? {
                Some(shape) => {
                    for f in &shape.fields {
                        let inner = f.ty.element();
                        if inner.path.starts_with("crate::") && inner.args.is_empty() {
                            todo.push(inner.path.clone());
                        }
                    }
                    self.shapes.insert(path, shape);
                }
                None => match schema::either(&self.file_text(&path)?, &path) {
                    Some(either) => {
                        todo.extend(either.reaches());
                        self.eithers.insert(path, either);
                    }
                    None => {
                        self.leaves.insert(path);
                    }
                },
            }
        }
        Ok(())
    }

    /// The text of the file that defines `path`; empty for a type at k8s-openapi's root.
    fn file_text(&self, path: &str) -> Result<String> {
        if path.matches("::").count() < 2 {
            return Ok(String::new());
        }
        let file = self.file_of(path)?;
        std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))
    }

    /// The source file that defines `crate::a::b::Name`, through the module's `pub use`.
    fn file_of(&self, path: &str) -> Result<PathBuf> {
        let rel = path
            .strip_prefix("crate::")
            .ok_or("not a k8s-openapi path")?;
        let (module, name) = rel.rsplit_once("::").ok_or("a path without a module")?;
        let dir = self.src.join(module.replace("::", "/"));
        let mod_rs = std::fs::read_to_string(dir.join("mod.rs"))
            .map_err(|e| format!("{}: {e}", dir.display()))?;
        let wanted = format!("::{name};");
        let file = mod_rs
            .lines()
            .filter_map(|l| l.trim().strip_prefix("pub use self::"))
            .find(|l| l.ends_with(&wanted))
            .and_then(|l| l.split("::").next())
            .ok_or_else(|| format!("{path}: no `pub use self::…::{name};` in its mod.rs"))?;
        Ok(dir.join(format!("{file}.rs")))
    }

    /// Reads the struct at `path`; `None` when its `Deserialize` is not the standard pattern.
    fn shape(&self, path: &str) -> Result<Option<Shape>> {
        // `crate::ByteString` and the like, at k8s-openapi's root: of their own pattern.
        if path.matches("::").count() < 2 {
            return Ok(None);
        }
        let file = self.file_of(path)?;
        let text =
            std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        let name = path.rsplit("::").next().unwrap_or(path);
        let Some(types) = struct_fields(&text, name) else {
            return Ok(None);
        };
        let Some(de) = text
            .split(&format!(
                "impl<'de> crate::serde::Deserialize<'de> for {name} {{"
            ))
            .nth(1)
        else {
            return Ok(None);
        };
        let de = de.split("\nimpl ").next().unwrap_or(de);
        if !de.contains("fn visit_map<A>")
            || !de.contains("Field::Other => { let _: crate::serde::de::IgnoredAny")
        {
            return Ok(None);
        }
        // "json" => Field::Key_rust,
        let mut json_of = BTreeMap::new();
        for line in de.lines() {
            let l = line.trim();
            if let Some((json, variant)) = l.split_once("\" => Field::Key_")
                && let Some(json) = json.strip_prefix('"')
            {
                json_of.insert(variant.trim_end_matches(',').to_owned(), json.to_owned());
            }
        }
        let resource = de.contains("Field::Key_api_version => {");
        let expecting = if de.contains("f.write_str(<Self::Value as crate::Resource>::KIND)") {
            name.to_owned()
        } else {
            match de
                .split(&format!("type Value = {name};"))
                .nth(1)
                .and_then(|s| s.split("f.write_str(\"").nth(1))
                .and_then(|s| s.split('"').next())
            {
                Some(e) => e.to_owned(),
                None => return Ok(None),
            }
        };
        let Some(build) = de.split(&format!("Ok({name} {{")).nth(1) else {
            return Ok(None);
        };
        let build = build.split("})").next().unwrap_or("");
        let mut fields = Vec::new();
        for line in build.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let Some((rust, expr)) = line.split_once(": ") else {
                return Ok(None);
            };
            let value = format!("value_{rust}");
            let finish = if expr == format!("{value},") {
                Finish::AsIs
            } else if expr == format!("{value}.unwrap_or_default(),") {
                Finish::OrDefault
            } else if expr.starts_with(&format!(
                "{value}.ok_or_else(|| crate::serde::de::Error::missing_field(\""
            )) && expr.ends_with("))?,")
            {
                Finish::Required
            } else {
                return Ok(None);
            };
            let Some(declared) = types.get(rust) else {
                return Ok(None);
            };
            let ty = match (&finish, declared.is("Option")) {
                (Finish::AsIs, Some(inner)) => inner.clone(),
                (Finish::AsIs, None) => return Ok(None),
                (_, _) => declared.clone(),
            };
            let Some(json) = json_of.get(rust) else {
                return Ok(None);
            };
            fields.push(Field {
                rust: rust.to_owned(),
                json: json.clone(),
                ty,
                finish,
            });
        }
        // Every key the visitor names is read (apiVersion and kind by the resource check).
        let named = fields.len() + if resource { 2 } else { 0 };
        if named != json_of.len() {
            return Ok(None);
        }
        let serializes = serializes(&text, name, resource, &fields);
        let default = text
            .split(&format!("pub struct {name} {{"))
            .next()
            .and_then(|before| before.lines().last())
            .is_some_and(|derive| derive.starts_with("#[derive(") && derive.contains("Default"));
        Ok(Some(Shape {
            ty: Ty {
                path: path.to_owned(),
                args: Vec::new(),
            },
            expecting,
            resource,
            fields,
            default,
            serializes,
        }))
    }

    fn read_of(&self, ty: &Ty) -> Via {
        if let Some(shape) = self.shapes.get(&ty.path)
            && ty.args.is_empty()
        {
            return Via::Struct(fn_name(&shape.ty.path));
        }
        if let Some(inner) = ty.is("std::vec::Vec")
            && inner.args.is_empty()
            && self.shapes.contains_key(&inner.path)
        {
            return Via::List(fn_name(&inner.path));
        }
        Via::Leaf
    }

    fn emit(&self) -> String {
        let mut out = String::new();
        out.push_str(
            "//! The readers of the API types podscope decodes: generated by `cargo xtask readers`\n\
             //! from k8s-openapi's source (crates/xtask/src/readers.rs says how); do not edit.\n\n\
             #![allow(clippy::too_many_lines, clippy::redundant_closure_for_method_calls)]\n\n\
             use super::readers::{Read, Shape};
use super::{Error, Node};\n\n",
        );
        for root in ROOTS {
            let ty = Ty {
                path: (*root).to_owned(),
                args: Vec::new(),
            }
            .spelled();
            let _ = writeln!(
                out,
                "impl Read for {ty} {{\n    fn read(n: Node<'_>) -> Result<Self, Error> {{\n        {}(n)\n    }}\n}}\n",
                fn_name(root)
            );
        }
        for shape in self.shapes.values() {
            self.emit_shape(&mut out, shape);
        }
        out
    }

    /// How a field's value is written: by a writer when its type has one.
    fn write_of(&self, ty: &Ty) -> Via {
        match self.read_of(ty) {
            Via::Struct(r) if self.shapes.get(&ty.path).is_some_and(|s| s.serializes) => {
                Via::Struct(r)
            }
            Via::List(r)
                if ty
                    .is("std::vec::Vec")
                    .and_then(|i| self.shapes.get(&i.path))
                    .is_some_and(|s| s.serializes) =>
            {
                Via::List(r)
            }
            _ => Via::Leaf,
        }
    }

    fn emit_writers(&self) -> String {
        let mut out = String::new();
        out.push_str(
            "//! The writers of the API types podscope decodes, to JSON values: generated by `cargo\n\
             //! xtask readers` from k8s-openapi's source (crates/codegen/src/readers.rs says how);\n\
             //! do not edit.\n\n\
             #![allow(clippy::too_many_lines)]\n\n\
             use super::{Error, Obj, ToJson, list, object, put, structure};\n\n",
        );
        for shape in self.shapes.values().filter(|s| s.serializes) {
            let ty = shape.ty.spelled();
            let name = fn_name(&shape.ty.path);
            let _ = writeln!(
                out,
                "impl ToJson for {ty} {{\n    fn to_json(&self) -> Result<serde_json::Value, Error> {{\n        object(self, {name})\n    }}\n}}\n"
            );
            let _ = writeln!(
                out,
                "#[inline(never)]\nfn {name}(o: &{ty}, m: &mut Obj) -> Result<(), Error> {{"
            );
            if shape.resource {
                let _ = writeln!(
                    out,
                    "    put(m, \"apiVersion\", <{ty} as k8s_openapi::Resource>::API_VERSION)?;\n    put(m, \"kind\", <{ty} as k8s_openapi::Resource>::KIND)?;"
                );
            }
            for f in &shape.fields {
                let (value, optional) = match f.finish {
                    Finish::AsIs => ("v".to_owned(), true),
                    _ => (format!("&o.{}", f.rust), false),
                };
                let write = match self.write_of(&f.ty) {
                    Via::Leaf => format!("put(m, {:?}, {value})?;", f.json),
                    Via::Struct(w) => format!("structure(m, {:?}, {value}, {w})?;", f.json),
                    Via::List(w) => format!("list(m, {:?}, {value}, {w})?;", f.json),
                };
                if optional {
                    let _ = writeln!(
                        out,
                        "    if let Some(v) = &o.{} {{\n        {write}\n    }}",
                        f.rust
                    );
                } else {
                    let _ = writeln!(out, "    {write}");
                }
            }
            out.push_str("    Ok(())\n}\n\n");
        }
        out
    }

    fn emit_shape(&self, out: &mut String, shape: &Shape) {
        let ty = shape.ty.spelled();
        let name = fn_name(&shape.ty.path);
        let jsons: Vec<String> = shape
            .fields
            .iter()
            .map(|f| format!("{:?}", f.json))
            .collect();
        let resource = if shape.resource {
            format!(
                "Some((<{ty} as k8s_openapi::Resource>::API_VERSION, <{ty} as k8s_openapi::Resource>::KIND))"
            )
        } else {
            "None".to_owned()
        };
        let _ = writeln!(
            out,
            "#[inline(never)]\npub(super) fn {name}(n: Node<'_>) -> Result<{ty}, Error> {{\n    static SHAPE: Shape = Shape {{ expecting: {:?}, resource: {resource}, fields: &[{}] }};",
            shape.expecting,
            jsons.join(", ")
        );
        // A struct with `Default` and no `missing_field` is built in place: each field read
        // straight into it (`unwrap_or_default` fields by the `_or_default` reads). Otherwise
        // each is read into an `Option` slot, and the struct built as `visit_map` builds it.
        let in_place = shape.default && shape.fields.iter().all(|f| f.finish != Finish::Required);
        if in_place {
            let _ = writeln!(out, "    let mut o = {ty}::default();");
        } else {
            for (i, f) in shape.fields.iter().enumerate() {
                let _ = writeln!(out, "    let mut f{i}: Option<{}> = None;", f.ty.spelled());
            }
        }
        out.push_str("    n.object(&SHAPE, &mut |i, v| {\n        match i {\n");
        for (i, f) in shape.fields.iter().enumerate() {
            let (slot, suffix) = match (in_place, &f.finish) {
                (true, Finish::OrDefault) => (format!("&mut o.{}", f.rust), "_or_default"),
                (true, _) => (format!("&mut o.{}", f.rust), ""),
                (false, _) => (format!("&mut f{i}"), ""),
            };
            let read = match self.read_of(&f.ty) {
                Via::Leaf => format!("v.leaf{suffix}({slot})"),
                Via::Struct(r) => format!("v.structure{suffix}({slot}, {r})"),
                Via::List(r) => format!("v.list{suffix}({slot}, {r})"),
            };
            let _ = writeln!(out, "            {i} => {read},");
        }
        if in_place {
            out.push_str("            _ => Ok(()),\n        }\n    })?;\n    Ok(o)\n}\n\n");
            return;
        }
        out.push_str("            _ => Ok(()),\n        }\n    })?;\n");
        let _ = writeln!(out, "    Ok({ty} {{");
        for (i, f) in shape.fields.iter().enumerate() {
            let value = match f.finish {
                Finish::AsIs => format!("f{i}"),
                Finish::OrDefault => format!("f{i}.unwrap_or_default()"),
                Finish::Required => format!("f{i}.ok_or_else(|| Error::missing({:?}))?", f.json),
            };
            let _ = writeln!(out, "        {}: {value},", f.rust);
        }
        out.push_str("    })\n}\n\n");
    }
}

/// Whether `Serialize for Name` writes exactly the fields, as the writers do.
fn serializes(text: &str, name: &str, resource: bool, fields: &[Field]) -> bool {
    let Some(ser) = text
        .split(&format!("impl crate::serde::Serialize for {name} {{"))
        .nth(1)
    else {
        return false;
    };
    let ser = ser.split("\n}").next().unwrap_or(ser);
    let calls = ser.matches("SerializeStruct::serialize_field(").count();
    let resource_ok = !resource
        || (ser.contains("\"apiVersion\", <Self as crate::Resource>::API_VERSION)?;")
            && ser.contains("\"kind\", <Self as crate::Resource>::KIND)?;"));
    let fields_ok = fields.iter().all(|f| match f.finish {
        Finish::AsIs => ser.contains(&format!(
            "if let Some(value) = &self.{} {{\n            crate::serde::ser::SerializeStruct::serialize_field(&mut state, {:?}, value)?;",
            f.rust, f.json
        )),
        _ => ser.contains(&format!(
            "serialize_field(&mut state, {:?}, &self.{})?;",
            f.json, f.rust
        )),
    });
    resource_ok && fields_ok && calls == fields.len() + if resource { 2 } else { 0 }
}

/// The text after the first `open` in `text`, up to the first `close` after it (to the end
/// without one); `None` without `open`.
fn between<'t>(text: &'t str, open: &str, close: &str) -> Option<&'t str> {
    let rest = text.split_once(open)?.1;
    Some(rest.split_once(close).map_or(rest, |(inside, _)| inside))
}

/// The struct's fields and their types, from `pub struct Name { pub field: Type, … }`.
fn struct_fields(text: &str, name: &str) -> Option<BTreeMap<String, Ty>> {
    let body = between(text, &format!("pub struct {name} {{"), "\n}")?;
    let mut out = BTreeMap::new();
    for line in body.lines().map(str::trim) {
        if let Some(rest) = line.strip_prefix("pub ") {
            let (field, ty) = rest.split_once(": ")?;
            out.insert(field.to_owned(), Ty::parse(ty.trim_end_matches(','))?);
        }
    }
    Some(out)
}

/// `crate::api::core::v1::PodSpec` → `core_v1_pod_spec`; meta's types → `meta_v1_…`.
fn fn_name(path: &str) -> String {
    let rel = path.strip_prefix("crate::").unwrap_or(path);
    let mut parts: Vec<&str> = rel.split("::").collect();
    let name = parts.pop().unwrap_or_default();
    let module: Vec<&str> = parts
        .into_iter()
        .filter(|p| !matches!(*p, "api" | "apimachinery" | "pkg" | "apis"))
        .collect();
    let mut out = module.join("_");
    out.push('_');
    let chars: Vec<char> = name.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if c.is_uppercase() {
            let prev_lower = i > 0 && !chars[i - 1].is_uppercase();
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            if i > 0 && (prev_lower || (next_lower && chars[i - 1].is_uppercase())) {
                out.push('_');
            }
            out.extend(std::iter::once(c.to_ascii_lowercase()));
        } else {
            out.push(*c);
        }
    }
    out
}

fn rustfmt(text: &str) -> Result<String> {
    use std::io::Write as _;
    let mut child = std::process::Command::new("rustfmt")
        .args(["--edition", "2024", "--emit", "stdout"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("rustfmt: {e}"))?;
    child
        .stdin
        .take()
        .ok_or("rustfmt: no stdin")?
        .write_all(text.as_bytes())
        .map_err(|e| format!("rustfmt: {e}"))?;
    let out = child
        .wait_with_output()
        .map_err(|e| format!("rustfmt: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "rustfmt failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_parse_as_k8s_openapi_spells_them() {
        let t = Ty::parse(
            "Option<std::collections::BTreeMap<std::string::String, crate::apimachinery::pkg::api::resource::Quantity>>",
        )
        .expect("a type");
        assert_eq!(
            t.spelled(),
            "Option<std::collections::BTreeMap<std::string::String, k8s_openapi::apimachinery::pkg::api::resource::Quantity>>"
        );
        assert_eq!(Ty::parse("Option<i32"), None);
    }

    #[test]
    fn reader_names_follow_the_module_and_type() {
        assert_eq!(fn_name("crate::api::core::v1::PodSpec"), "core_v1_pod_spec");
        assert_eq!(
            fn_name("crate::apimachinery::pkg::apis::meta::v1::ObjectMeta"),
            "meta_v1_object_meta"
        );
        assert_eq!(
            fn_name("crate::api::core::v1::AWSElasticBlockStoreVolumeSource"),
            "core_v1_aws_elastic_block_store_volume_source"
        );
    }

    /// What the generator reads off k8s-openapi's source: the standard pattern where it is,
    /// a leaf where it is not, and each field's finish as `visit_map` ends.
    #[test]
    fn shapes_follow_the_source() {
        let g = Generator {
            src: k8s_openapi_src().expect("k8s-openapi's source"),
            shapes: BTreeMap::new(),
            leaves: BTreeSet::new(),
            eithers: BTreeMap::new(),
        };
        let pod = g
            .shape("crate::api::core::v1::Pod")
            .expect("read")
            .expect("Pod is of the standard pattern");
        assert!(pod.resource && pod.default && pod.serializes);
        assert_eq!(pod.expecting, "Pod");
        let names: Vec<(&str, &str)> = pod
            .fields
            .iter()
            .map(|f| (f.rust.as_str(), f.json.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                ("metadata", "metadata"),
                ("spec", "spec"),
                ("status", "status")
            ]
        );
        assert_eq!(pod.fields[0].finish, Finish::OrDefault);
        assert_eq!(pod.fields[1].finish, Finish::AsIs);
        let port = g
            .shape("crate::api::core::v1::ContainerPort")
            .expect("read")
            .expect("a shape");
        assert!(!port.resource);
        assert_eq!(port.fields[1].json, "hostIP");
        assert_eq!(port.fields[1].ty.spelled(), "std::string::String");
        // `lastTransitionTime` has no default: `missing_field`, and no `Default` derive.
        let condition = g
            .shape("crate::apimachinery::pkg::apis::meta::v1::Condition")
            .expect("read")
            .expect("a shape");
        assert!(!condition.default);
        assert!(
            condition
                .fields
                .iter()
                .any(|f| f.json == "lastTransitionTime" && f.finish == Finish::Required)
        );
        // Written to other patterns: read through their own `Deserialize`.
        for leaf in [
            "crate::apimachinery::pkg::api::resource::Quantity",
            "crate::apimachinery::pkg::apis::meta::v1::Time",
            "crate::apimachinery::pkg::util::intstr::IntOrString",
        ] {
            assert!(g.shape(leaf).expect("read").is_none(), "{leaf}");
        }
    }

    /// The checked-in readers are what the pinned k8s-openapi gives.
    #[test]
    fn the_generated_readers_are_fresh() {
        let src = k8s_openapi_src().expect("k8s-openapi's source");
        for (file, text) in generate(&src).expect("the readers") {
            let have = std::fs::read_to_string(crate::root().join(file)).unwrap_or_default();
            assert!(have == text, "{file} is stale: run `cargo xtask readers`");
        }
    }
}

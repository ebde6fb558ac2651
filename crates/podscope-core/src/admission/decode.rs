//! Decoding a parsed YAML value into an API type: one small serde `Deserializer` that also
//! records the path of the first error and of every unknown field.
//!
//! k8s-openapi's `Deserialize` impls are monomorphised for the deserializer they are given,
//! and each struct's `visit_map` inlines the reads of its fields. Given serde_yaml's `Value`
//! deserializer wrapped in serde_ignored (unknown fields) and serde_path_to_error (the error's
//! path), those reads were three layers deep and the decode was 775 KB of wasm (docs/figures.md).
//! Here the paths cost nothing until an error or an unknown field: a stack of segments is
//! pushed and popped around each value, rendered only when needed.

use std::cell::RefCell;
use std::fmt;

use crate::model::yaml::{Mapping, Number, Value};
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Expected, IntoDeserializer, Unexpected, Visitor,
};

mod check;
mod generated;
mod readers;
mod schema;

pub use check::check;
pub use readers::Read;

/// What decoding a value found: the object or the first error, and the unknown fields met
/// before it (`spec.containers[0].imagee`), in document order.
pub struct Outcome<T> {
    pub result: Result<T, Failure>,
    pub unknown: Vec<Unknown>,
}

/// A field the type does not have, and the type's field it most likely meant.
#[derive(Debug, PartialEq, Eq)]
pub struct Unknown {
    /// Its path (`spec.containers[0].imagee`).
    pub path: String,
    /// The closest field name of the struct it is in (`image`), if one is close.
    pub hint: Option<&'static str>,
}

/// The first error: serde's message and the field path it happened at (`spec.replicas`;
/// empty for the object itself).
#[derive(Debug, PartialEq, Eq)]
pub struct Failure {
    pub message: String,
    pub path: String,
}

/// Reads `value` into `T` with its generated reader: what [`decode`] gives, in less code.
pub fn read<T: Read>(value: &Value) -> Outcome<T> {
    with_ctx(value, T::read)
}

/// Decodes `value` into `T` through its `Deserialize`, as strict decoding would read it,
/// collecting unknown fields.
pub fn decode<T: DeserializeOwned>(value: &Value) -> Outcome<T> {
    with_ctx(value, |node| T::deserialize(node))
}

fn with_ctx<T>(value: &Value, read: impl FnOnce(Node<'_>) -> Result<T, Error>) -> Outcome<T> {
    let ctx = Ctx::default();
    let result = read(Node { value, ctx: &ctx }).map_err(|e| Failure {
        message: e.0.message,
        path: e.0.path.unwrap_or_default(),
    });
    Outcome {
        result,
        unknown: ctx.unknown.take(),
    }
}

/// One step of a field path.
#[derive(Clone, Copy)]
enum Segment<'a> {
    Key(&'a str),
    Index(usize),
    /// A key that is not a string (it fails to decode, and has no name in the path).
    Other,
}

/// The path being decoded and what was found on the way.
#[derive(Default)]
struct Ctx<'a> {
    stack: RefCell<Vec<Segment<'a>>>,
    unknown: RefCell<Vec<Unknown>>,
}

impl Ctx<'_> {
    /// `spec.containers[0].image`: keys joined by dots, indexes in brackets.
    fn path(&self) -> String {
        let mut out = String::new();
        for segment in self.stack.borrow().iter() {
            match segment {
                Segment::Key(key) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(key);
                }
                Segment::Index(i) => {
                    out.push('[');
                    out.push_str(&i.to_string());
                    out.push(']');
                }
                Segment::Other => {}
            }
        }
        out
    }
}

/// serde's error with the path it was raised at (set by the innermost value that saw it);
/// boxed, so every `Result` the visitors pass up is two words.
#[derive(Debug)]
pub struct Error(Box<Raised>);

#[derive(Debug)]
struct Raised {
    message: String,
    path: Option<String>,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.message)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<M: fmt::Display>(message: M) -> Self {
        Error(Box::new(Raised {
            message: message.to_string(),
            path: None,
        }))
    }

    // serde_core de/mod.rs `invalid_type` and `invalid_value`, the same text with the value
    // shown by `unexpected_text`.
    fn invalid_type(unexp: Unexpected, exp: &dyn Expected) -> Self {
        Self::custom(format_args!(
            "invalid type: {}, expected {exp}",
            unexpected_text(&unexp)
        ))
    }

    fn invalid_value(unexp: Unexpected, exp: &dyn Expected) -> Self {
        Self::custom(format_args!(
            "invalid value: {}, expected {exp}",
            unexpected_text(&unexp)
        ))
    }
}

/// serde_core de/mod.rs `impl Display for Unexpected`, with a float written by
/// podscope-float: serde's `WithDecimalPoint` would bring core's float formatting into the
/// wasm for this one message (`floating point `1.5``, `.0` added to a whole number).
fn unexpected_text(unexp: &Unexpected) -> String {
    match *unexp {
        Unexpected::Bool(b) => format!("boolean `{b}`"),
        Unexpected::Unsigned(i) => format!("integer `{i}`"),
        Unexpected::Signed(i) => format!("integer `{i}`"),
        Unexpected::Float(f) => {
            let mut text = podscope_float::display(f);
            if f.is_finite() && !text.contains('.') {
                text.push_str(".0");
            }
            format!("floating point `{text}`")
        }
        Unexpected::Char(c) => format!("character `{c}`"),
        Unexpected::Str(s) => format!("string {s:?}"),
        Unexpected::Bytes(_) => "byte array".to_owned(),
        Unexpected::Unit => "unit value".to_owned(),
        Unexpected::Option => "Option value".to_owned(),
        Unexpected::NewtypeStruct => "newtype struct".to_owned(),
        Unexpected::Seq => "sequence".to_owned(),
        Unexpected::Map => "map".to_owned(),
        Unexpected::Enum => "enum".to_owned(),
        Unexpected::UnitVariant => "unit variant".to_owned(),
        Unexpected::NewtypeVariant => "newtype variant".to_owned(),
        Unexpected::TupleVariant => "tuple variant".to_owned(),
        Unexpected::StructVariant => "struct variant".to_owned(),
        Unexpected::Other(other) => other.to_owned(),
    }
}

/// A value of the tree being decoded.
#[derive(Clone, Copy)]
pub struct Node<'a> {
    value: &'a Value,
    ctx: &'a Ctx<'a>,
}

impl<'a> Node<'a> {
    /// serde_yaml's `Value::unexpected`, for the errors its deserializer would raise.
    fn unexpected(&self) -> Unexpected<'a> {
        match self.value {
            Value::Null => Unexpected::Unit,
            Value::Bool(b) => Unexpected::Bool(*b),
            Value::Number(n) => number_unexpected(n),
            Value::String(s) => Unexpected::Str(s),
            Value::Sequence(_) => Unexpected::Seq,
            Value::Mapping(_) => Unexpected::Map,
            Value::Tagged(_) => Unexpected::Enum,
        }
    }

    /// serde_yaml value/de.rs `deserialize_any`: each kind of value to its visit method (a
    /// non-negative integer as u64, a negative one as i64), a float to `float`.
    fn any<'de, V: Visitor<'de>>(
        self,
        visitor: V,
        float: impl FnOnce(V, f64) -> Result<V::Value, Error>,
    ) -> Result<V::Value, Error> {
        match self.value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => {
                if let Some(u) = n.as_u64() {
                    visitor.visit_u64(u)
                } else if let Some(i) = n.as_i64() {
                    visitor.visit_i64(i)
                } else {
                    float(visitor, n.as_f64())
                }
            }
            Value::String(s) => visitor.visit_str(s),
            Value::Sequence(items) => visitor.visit_seq(Seq {
                items: items.iter().enumerate(),
                ctx: self.ctx,
            }),
            Value::Mapping(map) => visitor.visit_map(Map::new(map, self.ctx)),
            Value::Tagged(_) => Err(de::Error::invalid_type(self.unexpected(), &visitor)),
        }
    }
}

fn number_unexpected(n: &Number) -> Unexpected<'static> {
    if let Some(u) = n.as_u64() {
        Unexpected::Unsigned(u)
    } else if let Some(i) = n.as_i64() {
        Unexpected::Signed(i)
    } else {
        Unexpected::Float(n.as_f64())
    }
}

impl<'de> de::Deserializer<'de> for Node<'_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.any(visitor, V::visit_f64)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        // k8s-openapi's `Quantity` visitor keeps a float as `v.to_string()` after
        // `deserialize_any`; here the same text comes from podscope-float, so core's float
        // formatting stays out of the wasm (`name` is a constant where `Quantity` calls this,
        // and the other branch folds away for its visitor).
        if name == "Quantity" {
            return self.any(visitor, |v, f| v.visit_string(podscope_float::display(f)));
        }
        visitor.visit_newtype_struct(self)
    }

    // serde_yaml's `deserialize_enum` for the one form the API types could meet: a unit
    // variant named by a string.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.value {
            Value::String(s) => visitor.visit_enum(s.as_str().into_deserializer()),
            _ => Err(de::Error::invalid_type(self.unexpected(), &visitor)),
        }
    }

    /// A field the type does not have: what serde_ignored reported, the path recorded.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        unknown_here(self.ctx, None);
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map struct identifier
    }
}

/// Records the current path as an unknown field, with the field it may have meant.
#[inline(never)]
fn unknown_here(ctx: &Ctx<'_>, hint: Option<&'static str>) {
    let path = ctx.path();
    ctx.unknown.borrow_mut().push(Unknown { path, hint });
}

/// The items of a sequence, each decoded at `[index]`.
struct Seq<'a> {
    items: std::iter::Enumerate<std::slice::Iter<'a, Value>>,
    ctx: &'a Ctx<'a>,
}

impl<'de> de::SeqAccess<'de> for Seq<'_> {
    type Error = Error;

    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, Error> {
        let Some((index, value)) = self.items.next() else {
            return Ok(None);
        };
        within(
            self.ctx,
            Segment::Index(index),
            seed,
            Node {
                value,
                ctx: self.ctx,
            },
        )
        .map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

/// The entries of a mapping, each value decoded at its key.
struct Map<'a> {
    entries: std::slice::Iter<'a, (Value, Value)>,
    /// The key just read, for its value's path.
    key: Segment<'a>,
    /// The value still to read.
    value: Option<&'a Value>,
    ctx: &'a Ctx<'a>,
}

impl<'a> Map<'a> {
    fn new(map: &'a Mapping, ctx: &'a Ctx<'a>) -> Self {
        Map {
            entries: map.iter(),
            key: Segment::Other,
            value: None,
            ctx,
        }
    }
}

impl<'de> de::MapAccess<'de> for Map<'_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        self.key = match key {
            Value::String(s) => Segment::Key(s),
            _ => Segment::Other,
        };
        self.value = Some(value);
        seed.deserialize(Node {
            value: key,
            ctx: self.ctx,
        })
        .map(Some)
        .map_err(|e| located(self.ctx, e))
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, Error> {
        let Some(value) = self.value.take() else {
            return Err(de::Error::custom("value is missing"));
        };
        within(
            self.ctx,
            self.key,
            seed,
            Node {
                value,
                ctx: self.ctx,
            },
        )
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// Decodes `node` with `segment` on the path, locating an error that has no path yet there.
/// Never inlined: one copy per field type (`Option<String>`, `Vec<Container>`, …) serves every
/// struct that has such a field, where inlining would copy it into each struct's visitor.
#[inline(never)]
fn within<'de, 'a, S: DeserializeSeed<'de>>(
    ctx: &'a Ctx<'a>,
    segment: Segment<'a>,
    seed: S,
    node: Node<'a>,
) -> Result<S::Value, Error> {
    enter(ctx, segment);
    let result = seed.deserialize(node).map_err(|e| located(ctx, e));
    leave(ctx);
    result
}

#[inline(never)]
fn enter<'a>(ctx: &Ctx<'a>, segment: Segment<'a>) {
    ctx.stack.borrow_mut().push(segment);
}

#[inline(never)]
fn leave(ctx: &Ctx<'_>) {
    ctx.stack.borrow_mut().pop();
}

/// The error at the current path, unless a deeper value already placed it.
#[inline(never)]
fn located(ctx: &Ctx<'_>, mut e: Error) -> Error {
    if e.0.path.is_none() {
        e.0.path = Some(ctx.path());
    }
    e
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;
    use k8s_openapi::api::core::v1::Pod;

    fn pod(yaml: &str) -> Outcome<Pod> {
        decode(&crate::model::yaml::from_str(yaml).expect("YAML"))
    }

    fn failure(yaml: &str) -> Failure {
        match pod(yaml).result {
            Ok(_) => Failure {
                message: "decoded".to_owned(),
                path: String::new(),
            },
            Err(f) => f,
        }
    }

    #[test]
    fn a_valid_pod_decodes_with_nothing_unknown() {
        let d = pod(
            "apiVersion: v1\nkind: Pod\nmetadata: {name: a, labels: {app: web}}\nspec:\n  containers:\n  - {name: c, image: nginx, ports: [{containerPort: 80}]}\n",
        );
        assert!(d.unknown.is_empty());
        let p = d.result.expect("a pod");
        let c = &p.spec.expect("spec").containers[0];
        assert_eq!(c.ports.as_ref().map(|p| p[0].container_port), Some(80));
    }

    #[test]
    fn an_error_names_the_innermost_field_and_serde_s_message() {
        let f = failure(
            "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n  - name: b\n    ports:\n    - containerPort: http\n",
        );
        assert_eq!(f.path, "spec.containers[1].ports[0].containerPort");
        assert_eq!(f.message, "invalid type: string \"http\", expected i32");
        let f = failure("apiVersion: v1\nkind: Pod\nspec:\n  containers: 7\n");
        assert_eq!(f.path, "spec.containers");
        assert_eq!(f.message, "invalid type: integer `7`, expected a sequence");
        // An error the struct's own visitor raises is the struct's.
        let f = failure("apiVersion: v2\nkind: Pod\n");
        assert_eq!(
            (f.path.as_str(), f.message.as_str()),
            ("", "invalid value: string \"v2\", expected v1")
        );
        let f = failure("apiVersion: v1\nkind: Pod\nmetadata:\n  labels:\n    1: x\n");
        assert_eq!(f.path, "metadata.labels");
        assert_eq!(f.message, "invalid type: integer `1`, expected a string");
        let f = failure("- 1\n");
        assert_eq!(f.path, "");
        assert_eq!(f.message, "invalid type: sequence, expected Pod");
    }

    #[test]
    fn a_float_is_shown_and_kept_as_serde_and_k8s_openapi_do() {
        // serde's own `Unexpected` text (core's float formatting, natively) against podscope's.
        for (text, v) in [
            ("1.5", 1.5),
            ("2.0", 2.0),
            ("1e300", 1e300),
            ("-0.0", -0.0),
            ("0.000001", 1e-6),
            (".inf", f64::INFINITY),
        ] {
            let f = failure(&format!(
                "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    ports:\n    - containerPort: {text}\n"
            ));
            let serde = format!("invalid type: {}, expected i32", Unexpected::Float(v));
            assert_eq!(f.message, serde, "{text}");
        }
        // k8s-openapi's `Quantity` keeps a float as its `to_string()`.
        let p = pod("apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    resources: {requests: {cpu: 0.5, memory: 1e3}, limits: {cpu: 1.25e-1}}\n")
            .result
            .expect("a pod");
        let r = p.spec.expect("spec").containers[0]
            .resources
            .clone()
            .expect("resources");
        let requests = r.requests.expect("requests");
        assert_eq!(requests["cpu"].0, 0.5f64.to_string());
        assert_eq!(requests["memory"].0, 1e3f64.to_string());
        assert_eq!(r.limits.expect("limits")["cpu"].0, 0.125f64.to_string());
    }

    #[test]
    fn unknown_fields_are_listed_in_order_with_their_paths() {
        let d = pod(
            "apiVersion: v1\nkind: Pod\nmetadata: {name: a, labelz: {}}\nspec:\n  containers:\n  - {name: c, imagee: nginx}\n  bogus: 1\n",
        );
        let paths: Vec<&str> = d.unknown.iter().map(|u| u.path.as_str()).collect();
        assert_eq!(
            paths,
            ["metadata.labelz", "spec.containers[0].imagee", "spec.bogus"]
        );
        assert!(d.result.is_ok());
    }

    #[test]
    fn unknown_fields_before_an_error_are_kept() {
        let d = pod("apiVersion: v1\nkind: Pod\nspec:\n  bogus: 1\n  containers: x\n");
        assert_eq!(d.unknown[0].path, "spec.bogus");
        assert_eq!(d.unknown.len(), 1);
        assert_eq!(
            d.result.err().map(|f| f.path),
            Some("spec.containers".to_owned())
        );
    }
}

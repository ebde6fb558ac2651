//! API objects as JSON values and text, through the generated writers (`json/generated.rs`,
//! from k8s-openapi's source by `cargo xtask readers`): each writes the fields k8s-openapi's
//! `Serialize` writes, under the same names, an `Option` only when it is `Some`. serde's
//! `Serialize` into serde_json's `Value` was monomorphised per struct and per field type
//! (18 KB for `Volume` alone); here a field's value is one call to a function shared by every
//! field of its type. Keys come out sorted (serde_json's map).

use serde::Serialize;
pub use serde_json::Error;
use serde_json::Value;

mod generated;

/// The fields of the object being written.
type Obj = serde_json::Map<String, Value>;

/// An API type with a generated writer.
pub trait ToJson {
    /// The value `serde_json::to_value` gives through the type's `Serialize`.
    fn to_json(&self) -> Result<Value, Error>;
}

/// `None` is null, as serde writes it.
impl<T: ToJson> ToJson for Option<T> {
    fn to_json(&self) -> Result<Value, Error> {
        self.as_ref().map_or(Ok(Value::Null), ToJson::to_json)
    }
}

impl<T: ToJson> ToJson for Box<T> {
    fn to_json(&self) -> Result<Value, Error> {
        T::to_json(self)
    }
}

/// `value` as a JSON value.
pub fn value<T: ToJson>(value: &T) -> Result<Value, Error> {
    value.to_json()
}

/// Whether `a` and `b` write the same JSON: equality of API objects as stored, without
/// k8s-openapi's derived `PartialEq` (a copy per type in the wasm; the writers are there
/// anyway). A value that fails to write equals nothing.
pub fn same<T: ToJson>(a: &T, b: &T) -> bool {
    matches!((a.to_json(), b.to_json()), (Ok(a), Ok(b)) if a == b)
}

/// `value` as compact JSON with sorted keys.
pub fn text<T: ToJson>(value: &T) -> Result<String, Error> {
    value.to_json().map(|v| v.to_string())
}

/// A struct as an object, its fields written by `write`.
fn object<T>(value: &T, write: fn(&T, &mut Obj) -> Result<(), Error>) -> Result<Value, Error> {
    let mut m = Obj::new();
    write(value, &mut m)?;
    Ok(Value::Object(m))
}

/// A field through its type's own `Serialize`. Never inlined: one copy per field type.
#[inline(never)]
fn put<T: Serialize + ?Sized>(m: &mut Obj, key: &str, value: &T) -> Result<(), Error> {
    m.insert(key.to_owned(), serde_json::to_value(value)?);
    Ok(())
}

/// A struct field with a writer.
#[inline(never)]
fn structure<T>(
    m: &mut Obj,
    key: &str,
    value: &T,
    write: fn(&T, &mut Obj) -> Result<(), Error>,
) -> Result<(), Error> {
    m.insert(key.to_owned(), object(value, write)?);
    Ok(())
}

/// A list of structs with a writer.
#[inline(never)]
fn list<T>(
    m: &mut Obj,
    key: &str,
    items: &[T],
    write: fn(&T, &mut Obj) -> Result<(), Error>,
) -> Result<(), Error> {
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        out.push(object(item, write)?);
    }
    m.insert(key.to_owned(), Value::Array(out));
    Ok(())
}

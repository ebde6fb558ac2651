//! What the generated readers (`generated.rs`, from k8s-openapi's source by `cargo xtask
//! readers`) call: one non-generic loop over a mapping's keys, and the reads of a field.
//!
//! Each read is the one k8s-openapi's `visit_map` makes through serde, in the same order and
//! with the same errors and paths (the serde decode is the tests' oracle), so the readers
//! change nothing but the size: serde's `Field` enum, `MapAccess` loop and per-field slots were
//! monomorphised for every struct; here one `object` serves all of them.

use serde::Deserialize;
use serde::de::{self, DeserializeOwned, Unexpected};

use super::{Error, Node, Segment, enter, leave, located, unknown_here};
use crate::admission::fields;
use crate::model::yaml::Value;

/// A struct's keys, as its `Deserialize` names them.
pub struct Shape<'f> {
    /// What an error says was expected: the struct's name.
    pub expecting: &'static str,
    /// A resource's `apiVersion` and `kind`, which its visitor checks.
    pub resource: Option<(&'static str, &'static str)>,
    /// The JSON names of the fields the struct is built from, in the reader's order.
    pub fields: &'f [&'static str],
}

/// An API type with a generated reader.
pub trait Read: Sized {
    fn read(n: Node<'_>) -> Result<Self, Error>;
}

impl Error {
    /// serde's `missing field` error.
    pub(super) fn missing(field: &'static str) -> Error {
        de::Error::missing_field(field)
    }
}

impl<'a> Node<'a> {
    /// Reads a mapping's entries in order, handing each known field to `f` by its index in
    /// `shape.fields`; an unknown field is recorded, as serde's `IgnoredAny` read recorded it,
    /// with the struct's closest field name as a hint.
    pub(super) fn object(
        self,
        shape: &Shape<'_>,
        f: &mut dyn FnMut(usize, Node<'a>) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let Value::Mapping(map) = self.value else {
            return Err(de::Error::invalid_type(self.unexpected(), &shape.expecting));
        };
        for (key, value) in map.iter() {
            let Value::String(name) = key else {
                // The `Field` visitor's error, placed at the mapping (serde: `next_key_seed`).
                let key = Node {
                    value: key,
                    ctx: self.ctx,
                };
                let e = de::Error::invalid_type(key.unexpected(), &"field identifier");
                return Err(located(self.ctx, e));
            };
            let node = Node {
                value,
                ctx: self.ctx,
            };
            let index = shape.fields.iter().position(|f| *f == name.as_str());
            enter(self.ctx, Segment::Key(name));
            let read = match (index, shape.resource) {
                (Some(i), _) => f(i, node).map(|()| None),
                (None, Some((api_version, kind))) if name == "apiVersion" || name == "kind" => {
                    let wanted = if name == "kind" { kind } else { api_version };
                    let mut found = String::new();
                    node.leaf(&mut found)
                        .map(|()| (found != wanted).then_some((found, wanted)))
                }
                (None, _) => {
                    unknown_here(self.ctx, fields::suggest(name, shape.fields));
                    Ok(None)
                }
            };
            let read = read.map_err(|e| located(self.ctx, e));
            leave(self.ctx);
            // k8s-openapi's resource check, raised by the struct's visitor (so at its path).
            if let Some((found, wanted)) = read? {
                return Err(de::Error::invalid_value(Unexpected::Str(&found), &wanted));
            }
        }
        Ok(())
    }

    /// A field read through its own `Deserialize` into its slot. Never inlined: one copy per
    /// field type (`Option<String>`, …) serves every struct that has such a field.
    #[inline(never)]
    pub(super) fn leaf<T: DeserializeOwned>(self, slot: &mut T) -> Result<(), Error> {
        *slot = T::deserialize(self)?;
        Ok(())
    }

    /// A field k8s-openapi reads as an `Option` and keeps `unwrap_or_default()`.
    #[inline(never)]
    pub(super) fn leaf_or_default<T: DeserializeOwned + Default>(
        self,
        slot: &mut T,
    ) -> Result<(), Error> {
        *slot = Option::<T>::deserialize(self)?.unwrap_or_default();
        Ok(())
    }

    /// A struct kept `unwrap_or_default()`: the optional read, then its default for null.
    #[inline(never)]
    pub(super) fn structure_or_default<T: Default>(
        self,
        slot: &mut T,
        read: fn(Node<'a>) -> Result<T, Error>,
    ) -> Result<(), Error> {
        let mut value = None;
        self.structure(&mut value, read)?;
        *slot = value.unwrap_or_default();
        Ok(())
    }

    /// A list of structs kept `unwrap_or_default()`: the optional read, then empty for null.
    #[inline(never)]
    pub(super) fn list_or_default<T>(
        self,
        slot: &mut Vec<T>,
        read: fn(Node<'a>) -> Result<T, Error>,
    ) -> Result<(), Error> {
        let mut items = None;
        self.list(&mut items, read)?;
        *slot = items.unwrap_or_default();
        Ok(())
    }

    /// An optional struct: null is `None`, as serde's `Option` reads it.
    #[inline(never)]
    pub(super) fn structure<T>(
        self,
        slot: &mut Option<T>,
        read: fn(Node<'a>) -> Result<T, Error>,
    ) -> Result<(), Error> {
        *slot = match self.value {
            Value::Null => None,
            _ => Some(read(self)?),
        };
        Ok(())
    }

    /// An optional list of structs, each read at `[index]`. Only the push is per type; the
    /// walk over the items is `items`, shared by every list.
    #[inline(never)]
    pub(super) fn list<T>(
        self,
        slot: &mut Option<Vec<T>>,
        read: fn(Node<'a>) -> Result<T, Error>,
    ) -> Result<(), Error> {
        let mut out = Vec::new();
        let some = self.items(&mut |item| {
            out.push(read(item)?);
            Ok(())
        })?;
        *slot = some.then_some(out);
        Ok(())
    }

    /// Hands each item of a sequence to `f` at `[index]`; `false` for null (serde's `None`).
    pub(super) fn items(
        self,
        f: &mut dyn FnMut(Node<'a>) -> Result<(), Error>,
    ) -> Result<bool, Error> {
        let items = match self.value {
            Value::Null => return Ok(false),
            Value::Sequence(items) => items,
            _ => return Err(de::Error::invalid_type(self.unexpected(), &"a sequence")),
        };
        for (index, value) in items.iter().enumerate() {
            enter(self.ctx, Segment::Index(index));
            let item = f(Node {
                value,
                ctx: self.ctx,
            })
            .map_err(|e| located(self.ctx, e));
            leave(self.ctx);
            item?;
        }
        Ok(true)
    }
}

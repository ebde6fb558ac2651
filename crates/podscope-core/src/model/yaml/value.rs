//! A parsed YAML value: what serde_yaml's `Value` held, read by the one parser. Mappings keep
//! their entries in document order; keys are unique (a repeated key is an error when parsing).

use std::fmt;

/// A YAML node after scalar resolution (YAML 1.2's core schema as serde_yaml resolves it).
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Sequence(Vec<Value>),
    Mapping(Mapping),
    /// A node with a local tag (`!Ref x`): serde_yaml's `Tagged`.
    Tagged(Box<Tagged>),
}

/// A number as serde_yaml keeps it: a non-negative integer, a negative one, or a float.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Number {
    PosInt(u64),
    NegInt(i64),
    Float(f64),
}

/// A tagged node: its tag (without the leading `!`) and the node itself.
#[derive(Clone, Debug, PartialEq)]
pub struct Tagged {
    pub tag: String,
    pub value: Value,
}

/// A mapping's entries in document order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Mapping {
    entries: Vec<(Value, Value)>,
}

impl Number {
    pub fn as_u64(&self) -> Option<u64> {
        match *self {
            Number::PosInt(u) => Some(u),
            _ => None,
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        match *self {
            Number::PosInt(u) => i64::try_from(u).ok(),
            Number::NegInt(i) => Some(i),
            Number::Float(_) => None,
        }
    }

    pub fn as_f64(&self) -> f64 {
        match *self {
            #[allow(clippy::cast_precision_loss)]
            Number::PosInt(u) => u as f64,
            #[allow(clippy::cast_precision_loss)]
            Number::NegInt(i) => i as f64,
            Number::Float(f) => f,
        }
    }
}

impl From<i64> for Number {
    fn from(i: i64) -> Self {
        match u64::try_from(i) {
            Ok(u) => Number::PosInt(u),
            Err(_) => Number::NegInt(i),
        }
    }
}

/// serde_yaml's `Number` display: integers as written, floats with `.inf`/`.nan` and a `.0`
/// for whole numbers (used in its duplicate-key message).
impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Number::PosInt(u) => write!(f, "{u}"),
            Number::NegInt(i) => write!(f, "{i}"),
            Number::Float(x) if x.is_nan() => f.write_str(".nan"),
            Number::Float(x) if x.is_infinite() => {
                f.write_str(if x > 0.0 { ".inf" } else { "-.inf" })
            }
            Number::Float(x) => f.write_str(&podscope_float::debug(x)),
        }
    }
}

impl Mapping {
    pub fn new() -> Self {
        Mapping::default()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, (Value, Value)> {
        self.entries.iter()
    }

    pub fn iter_mut(&mut self) -> std::slice::IterMut<'_, (Value, Value)> {
        self.entries.iter_mut()
    }

    /// The value of the string key `key`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.entries
            .iter()
            .find(|(k, _)| k.as_str() == Some(key))
            .map(|(_, v)| v)
    }

    /// Appends an entry; the parser has checked that the key is new.
    pub(super) fn push(&mut self, key: Value, value: Value) {
        self.entries.push((key, value));
    }
}

impl<'a> IntoIterator for &'a Mapping {
    type Item = &'a (Value, Value);
    type IntoIter = std::slice::Iter<'a, (Value, Value)>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter()
    }
}

impl Value {
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    pub fn is_mapping(&self) -> bool {
        matches!(self, Value::Mapping(_))
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Number(n) => n.as_i64(),
            _ => None,
        }
    }

    pub fn as_sequence(&self) -> Option<&Vec<Value>> {
        match self {
            Value::Sequence(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_mapping(&self) -> Option<&Mapping> {
        match self {
            Value::Mapping(m) => Some(m),
            _ => None,
        }
    }

    /// The value of the string key `key` of a mapping.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_mapping().and_then(|m| m.get(key))
    }

    /// The value as JSON, as serde_yaml deserializes YAML into `serde_json::Value`
    /// (sigs.k8s.io/yaml `ToJSON`): keys become strings, a float that JSON cannot hold
    /// becomes null; a tagged node has no JSON form.
    pub fn to_json(&self) -> Result<serde_json::Value, String> {
        use serde_json::Value as Json;
        Ok(match self {
            Value::Null => Json::Null,
            Value::Bool(b) => Json::Bool(*b),
            Value::Number(Number::PosInt(u)) => Json::from(*u),
            Value::Number(Number::NegInt(i)) => Json::from(*i),
            Value::Number(Number::Float(f)) => {
                serde_json::Number::from_f64(*f).map_or(Json::Null, Json::Number)
            }
            Value::String(s) => Json::String(s.clone()),
            Value::Sequence(items) => {
                Json::Array(items.iter().map(Value::to_json).collect::<Result<_, _>>()?)
            }
            Value::Mapping(m) => {
                let mut object = serde_json::Map::new();
                for (k, v) in m {
                    object.insert(k.key_text()?, v.to_json()?);
                }
                Json::Object(object)
            }
            Value::Tagged(_) => {
                return Err("invalid type: enum, expected any valid JSON value".to_owned());
            }
        })
    }

    /// A mapping key as JSON names it.
    fn key_text(&self) -> Result<String, String> {
        match self {
            Value::String(s) => Ok(s.clone()),
            Value::Null => Ok("null".to_owned()),
            Value::Bool(b) => Ok(b.to_string()),
            Value::Number(n) => Ok(n.to_string()),
            Value::Sequence(_) | Value::Mapping(_) | Value::Tagged(_) => {
                Err("invalid type: map key, expected a string".to_owned())
            }
        }
    }
}

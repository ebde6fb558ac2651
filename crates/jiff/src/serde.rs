//! `Timestamp`'s serde `Deserialize`: a string, parsed as Go's `time.Parse(time.RFC3339, s)`.

use serde_core::de::{self, Deserialize, Deserializer, Visitor};

use crate::Timestamp;

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Timestamp, D::Error> {
        deserializer.deserialize_str(TimestampVisitor)
    }
}

struct TimestampVisitor;

impl Visitor<'_> for TimestampVisitor {
    type Value = Timestamp;

    /// jiff's words, which type errors (`invalid type: integer `5`, expected …`) print.
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a timestamp string")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Timestamp, E> {
        value.parse().map_err(E::custom)
    }
}

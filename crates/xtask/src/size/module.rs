//! Reads a wasm module for `size`: each code body's size and name (the `name` section), and
//! the code, data and name section sizes.

use std::collections::BTreeMap;

use wasmparser::{KnownCustom, Name, Parser, Payload, TypeRef};

/// One function of the code section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Func {
    /// The name from the `name` section, as written there (maybe mangled).
    pub name: String,
    /// The body's bytes (locals and instructions), without its size prefix.
    pub body: Vec<u8>,
}

/// What `size` needs of a module.
#[derive(Debug, Default)]
pub struct Module {
    pub funcs: Vec<Func>,
    /// The code section's payload size: the bodies plus the count and the bodies' size prefixes.
    pub code_section: usize,
    pub data_section: usize,
    pub name_section: usize,
    pub total: usize,
}

impl Module {
    /// The code section's bytes that are not in a body: the function count and size prefixes.
    pub fn code_overhead(&self) -> usize {
        let bodies: usize = self.funcs.iter().map(|f| f.body.len()).sum();
        self.code_section.saturating_sub(bodies)
    }
}

/// Parses `bytes`; a function the `name` section does not name is called `func[INDEX]`.
pub fn parse(bytes: &[u8]) -> Result<Module, String> {
    let err = |e: wasmparser::BinaryReaderError| format!("wasm: {e}");
    let mut imported = 0u32;
    let mut bodies = Vec::new();
    let mut names: BTreeMap<u32, String> = BTreeMap::new();
    let mut m = Module {
        total: bytes.len(),
        ..Module::default()
    };
    for payload in Parser::new(0).parse_all(bytes) {
        match payload.map_err(err)? {
            Payload::ImportSection(r) => {
                for import in r.into_imports() {
                    if matches!(
                        import.map_err(err)?.ty,
                        TypeRef::Func(_) | TypeRef::FuncExact(_)
                    ) {
                        imported += 1;
                    }
                }
            }
            Payload::CodeSectionStart { range, .. } => m.code_section = range.len(),
            Payload::CodeSectionEntry(body) => {
                let range = body.range();
                bodies.push(bytes.get(range).unwrap_or_default().to_vec());
            }
            Payload::DataSection(r) => m.data_section = r.range().len(),
            Payload::CustomSection(c) => {
                if let KnownCustom::Name(reader) = c.as_known() {
                    m.name_section = c.range().len();
                    for sub in reader {
                        if let Name::Function(map) = sub.map_err(err)? {
                            for naming in map {
                                let n = naming.map_err(err)?;
                                names.insert(n.index, n.name.to_owned());
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    m.funcs = bodies
        .into_iter()
        .enumerate()
        .map(|(i, body)| {
            let index = imported.saturating_add(u32::try_from(i).unwrap_or(u32::MAX));
            let name = names
                .remove(&index)
                .unwrap_or_else(|| format!("func[{index}]"));
            Func { name, body }
        })
        .collect();
    Ok(m)
}

//! Reads a wasm module for `size`: each code body's size and name (the `name` section), each
//! data segment and its name, and the code, data and name section sizes.

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

/// One segment of the data section (a symbol each when the linker did not merge them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Data {
    /// The name from the `name` section (`.rodata.SYMBOL`), or `data[INDEX]`.
    pub name: String,
    pub bytes: Vec<u8>,
}

/// What `size` needs of a module.
#[derive(Debug, Default)]
pub struct Module {
    pub funcs: Vec<Func>,
    pub data: Vec<Data>,
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
    let mut data_names: BTreeMap<u32, String> = BTreeMap::new();
    let mut segments = Vec::new();
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
            Payload::DataSection(r) => {
                m.data_section = r.range().len();
                for d in r {
                    segments.push(d.map_err(err)?.data.to_vec());
                }
            }
            Payload::CustomSection(c) => {
                if let KnownCustom::Name(reader) = c.as_known() {
                    m.name_section = c.range().len();
                    for sub in reader {
                        let (map, into) = match sub.map_err(err)? {
                            Name::Function(map) => (map, &mut names),
                            Name::Data(map) => (map, &mut data_names),
                            _ => continue,
                        };
                        for naming in map {
                            let n = naming.map_err(err)?;
                            into.insert(n.index, n.name.to_owned());
                        }
                    }
                }
            }
            _ => {}
        }
    }
    m.data = segments
        .into_iter()
        .enumerate()
        .map(|(i, bytes)| {
            let index = u32::try_from(i).unwrap_or(u32::MAX);
            let name = data_names
                .remove(&index)
                .unwrap_or_else(|| format!("data[{index}]"));
            Data { name, bytes }
        })
        .collect();
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

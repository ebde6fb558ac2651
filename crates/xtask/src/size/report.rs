//! The `size` breakdown: rows by group and by crate, the largest functions, as markdown or JSON.

use std::collections::BTreeMap;

use super::classify::{self, Group};
use super::module::Module;

/// One row: how many functions, their raw bytes, and gzip -9 of their bodies concatenated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub label: String,
    pub functions: usize,
    pub raw: usize,
    pub gzip: usize,
}

#[derive(Debug)]
pub struct Breakdown {
    pub groups: Vec<Row>,
    pub crates: Vec<Row>,
    /// All bodies: `raw` is their sum, `gzip` of all of them concatenated.
    pub bodies: Row,
    /// (bytes, demangled name), largest first.
    pub top: Vec<(usize, String)>,
    pub code_overhead: usize,
    pub code_section: usize,
    pub data_section: usize,
    pub name_section: usize,
    pub total: usize,
}

pub const TOP: usize = 20;

#[derive(Default)]
struct Acc {
    functions: usize,
    bytes: Vec<u8>,
}

impl Acc {
    fn add(&mut self, body: &[u8]) {
        self.functions += 1;
        self.bytes.extend_from_slice(body);
    }
    fn row(&self, label: String) -> Row {
        Row {
            label,
            functions: self.functions,
            raw: self.bytes.len(),
            // An empty gzip stream is still 20 bytes: an empty row says 0.
            gzip: if self.bytes.is_empty() {
                0
            } else {
                crate::build::gzip_len(&self.bytes)
            },
        }
    }
}

/// Groups every function of `m` (groups in the figures doc's order; crates largest first).
pub fn breakdown(m: &Module) -> Breakdown {
    let mut groups: BTreeMap<Group, Acc> = BTreeMap::new();
    let mut crates: BTreeMap<String, Acc> = BTreeMap::new();
    let mut all = Acc::default();
    let mut top = Vec::with_capacity(m.funcs.len());
    for f in &m.funcs {
        let name = classify::demangle(&f.name);
        let krate = classify::crate_of(&name);
        groups
            .entry(classify::group(&krate, &name))
            .or_default()
            .add(&f.body);
        crates.entry(krate).or_default().add(&f.body);
        all.add(&f.body);
        top.push((f.body.len(), name));
    }
    top.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    top.truncate(TOP);
    let groups = Group::ALL
        .iter()
        .map(|g| {
            groups
                .get(g)
                .map(|a| a.row(g.label().to_owned()))
                .unwrap_or_else(|| Acc::default().row(g.label().to_owned()))
        })
        .collect();
    let mut crates: Vec<Row> = crates.into_iter().map(|(k, a)| a.row(k)).collect();
    crates.sort_by(|a, b| b.raw.cmp(&a.raw).then_with(|| a.label.cmp(&b.label)));
    Breakdown {
        groups,
        crates,
        bodies: all.row("all function bodies".to_owned()),
        top,
        code_overhead: m.code_overhead(),
        code_section: m.code_section,
        data_section: m.data_section,
        name_section: m.name_section,
        total: m.total,
    }
}

/// `|` would end a markdown cell; very long generic names are cut.
fn cell(s: &str) -> String {
    let mut out: String = s.replace('|', "\\|");
    if out.chars().count() > 200 {
        out = out.chars().take(199).collect::<String>() + "…";
    }
    out
}

fn table(out: &mut String, head: &str, rows: &[Row], b: &Breakdown) {
    out.push_str(&format!(
        "| {head} | functions | raw | gzip est. |\n| --- | ---: | ---: | ---: |\n"
    ));
    for r in rows {
        out.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            cell(&r.label),
            r.functions,
            r.raw,
            r.gzip
        ));
    }
    out.push_str(&format!(
        "| all function bodies | {} | {} | {} |\n| count and size prefixes | | {} | |\n| **code section** | {} | {} | |\n",
        b.bodies.functions, b.bodies.raw, b.bodies.gzip, b.code_overhead, b.bodies.functions, b.code_section
    ));
}

pub fn markdown(b: &Breakdown) -> String {
    let mut out = format!(
        "Module: {} bytes; code section {}, data section {}, name section {}.\n\
         gzip est.: gzip -9 of the rows' bodies concatenated (gzip works across the whole file, so the rows do not add up to the module's gzip size).\n\n",
        b.total, b.code_section, b.data_section, b.name_section
    );
    table(&mut out, "group (code section)", &b.groups, b);
    out.push('\n');
    table(&mut out, "crate (code section)", &b.crates, b);
    out.push_str(&format!(
        "\n| top {TOP} functions | raw |\n| --- | ---: |\n"
    ));
    for (bytes, name) in &b.top {
        out.push_str(&format!(
            "| `{}` | {bytes} |\n",
            cell(name).replace('`', "'")
        ));
    }
    out
}

fn json_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn json_rows(rows: &[Row]) -> String {
    let items: Vec<String> = rows
        .iter()
        .map(|r| {
            format!(
                "{{\"name\":{},\"functions\":{},\"raw\":{},\"gzip\":{}}}",
                json_str(&r.label),
                r.functions,
                r.raw,
                r.gzip
            )
        })
        .collect();
    format!("[{}]", items.join(","))
}

pub fn json(b: &Breakdown) -> String {
    let keyed: Vec<Row> = Group::ALL
        .iter()
        .zip(&b.groups)
        .map(|(g, r)| Row {
            label: g.key().to_owned(),
            ..r.clone()
        })
        .collect();
    let top: Vec<String> = b
        .top
        .iter()
        .map(|(n, name)| format!("{{\"name\":{},\"raw\":{n}}}", json_str(name)))
        .collect();
    format!(
        "{{\"module\":{},\"code_section\":{},\"code_overhead\":{},\"data_section\":{},\"name_section\":{},\"bodies\":{},\"groups\":{},\"crates\":{},\"top\":[{}]}}",
        b.total,
        b.code_section,
        b.code_overhead,
        b.data_section,
        b.name_section,
        json_rows(std::slice::from_ref(&b.bodies)),
        json_rows(&keyed),
        json_rows(&b.crates),
        top.join(",")
    )
}

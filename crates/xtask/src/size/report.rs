//! The `size` breakdown: rows by group and by crate, the largest functions, the largest
//! generic families (one generic function's instances together) and the largest modules of
//! podscope's crates, as markdown or JSON.

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
    /// Generic functions with more than one instance, the most bytes first (`TOP` of them):
    /// where a new call site's copy of std's sort, or a new type's visitor, shows.
    pub families: Vec<Row>,
    /// The modules of podscope's crates (two levels below the crate), the most bytes first
    /// (`TOP` of them): what each part of the product costs.
    pub modules: Vec<Row>,
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
    let mut families: BTreeMap<String, Acc> = BTreeMap::new();
    let mut modules: BTreeMap<String, Acc> = BTreeMap::new();
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
        families
            .entry(classify::family(&name))
            .or_default()
            .add(&f.body);
        if let Some(module) = classify::module_of(&name, 3) {
            modules.entry(module).or_default().add(&f.body);
        }
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
    families.retain(|_, a| a.functions > 1);
    Breakdown {
        groups,
        crates,
        bodies: all.row("all function bodies".to_owned()),
        top,
        families: largest(families),
        modules: largest(modules),
        code_overhead: m.code_overhead(),
        code_section: m.code_section,
        data_section: m.data_section,
        name_section: m.name_section,
        total: m.total,
    }
}

/// The `TOP` rows of `accs` with the most bytes, by name at a tie.
fn largest(accs: BTreeMap<String, Acc>) -> Vec<Row> {
    let mut accs: Vec<(String, Acc)> = accs.into_iter().collect();
    accs.sort_by(|a, b| {
        b.1.bytes
            .len()
            .cmp(&a.1.bytes.len())
            .then_with(|| a.0.cmp(&b.0))
    });
    accs.into_iter().take(TOP).map(|(k, a)| a.row(k)).collect()
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
    named_rows(
        &mut out,
        "generic families (instances of one generic function) | instances",
        &b.families,
    );
    named_rows(
        &mut out,
        "modules of podscope's crates | functions",
        &b.modules,
    );
    out
}

/// A table of the top rows, each label a code span: `head` names the label column and the
/// count column.
fn named_rows(out: &mut String, head: &str, rows: &[Row]) {
    out.push_str(&format!(
        "\n| top {TOP} {head} | raw | gzip est. |\n| --- | ---: | ---: | ---: |\n"
    ));
    for r in rows {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            cell(&r.label).replace('`', "'"),
            r.functions,
            r.raw,
            r.gzip
        ));
    }
}

/// The data segments that gzip leaves largest, each compressed alone: the tables a module
/// carries (a `--data` build keeps one segment per symbol). An anonymous constant is shown by
/// its first bytes.
pub fn data_symbols(m: &Module, top: usize) -> String {
    let mut rows: Vec<(usize, usize, String)> = m
        .data
        .iter()
        .map(|d| {
            let gzip = crate::build::gzip_len(&d.bytes);
            let name = d.name.strip_prefix(".rodata.").unwrap_or(&d.name);
            let shown = if name.starts_with(".Lanon.") || name.starts_with("data[") {
                preview(&d.bytes)
            } else {
                format!("`{}`", classify::demangle(name).replace('`', "'"))
            };
            (gzip, d.bytes.len(), shown)
        })
        .collect();
    rows.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| b.1.cmp(&a.1)));
    let mut out = format!(
        "| top {top} of {} data segments, by gzip -9 alone | raw | gzip -9 |\n| --- | ---: | ---: |\n",
        m.data.len()
    );
    for (gzip, raw, shown) in rows.into_iter().take(top) {
        out.push_str(&format!("| {} | {raw} | {gzip} |\n", cell(&shown)));
    }
    out
}

/// An anonymous constant by its first bytes: text as text, anything else as "binary".
fn preview(bytes: &[u8]) -> String {
    let head = &bytes[..bytes.len().min(48)];
    let text = head
        .iter()
        .all(|&b| b == b'\n' || b == b'\t' || (0x20..0x7f).contains(&b));
    if text {
        let s: String = head.iter().map(|&b| char::from(b)).collect();
        format!("text: {:?}", s)
    } else {
        "binary (a table or constants)".to_owned()
    }
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
        "{{\"module\":{},\"code_section\":{},\"code_overhead\":{},\"data_section\":{},\"name_section\":{},\"bodies\":{},\"groups\":{},\"crates\":{},\"top\":[{}],\"families\":{},\"modules\":{}}}",
        b.total,
        b.code_section,
        b.code_overhead,
        b.data_section,
        b.name_section,
        json_rows(std::slice::from_ref(&b.bodies)),
        json_rows(&keyed),
        json_rows(&b.crates),
        top.join(","),
        json_rows(&b.families),
        json_rows(&b.modules)
    )
}

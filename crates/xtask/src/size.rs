//! `cargo xtask size [--json] [--data] [FILE.wasm]`: where the playground's wasm bytes go, by
//! function group (docs/figures.md's "Where the wasm bytes go") and by crate, with the largest
//! functions (issue 15). Without FILE it builds the module the way figures.md measures it:
//! release wasm32 before wasm-opt, v0 symbol names, through wasm-bindgen, name section kept.
//! `--data` builds it once more with one data segment per symbol (target/size-data/) and
//! lists the data symbols gzip leaves largest: tables that cannot be compressed away.

mod classify;
mod module;
mod report;

use std::path::{Path, PathBuf};

use crate::sh::{self, Result, cmd, run};
use crate::tools;

const USAGE: &str = "usage: cargo xtask size [--json] [--data] [FILE.wasm]";

/// `cargo xtask size [--json] [FILE.wasm]`.
pub fn size_cmd(args: &[&str]) -> Result {
    let mut as_json = false;
    let mut data = false;
    let mut file = None;
    for a in args {
        match *a {
            "--json" => as_json = true,
            "--data" => data = true,
            f if !f.starts_with('-') && file.is_none() => file = Some(PathBuf::from(f)),
            other => return Err(format!("size: unexpected argument {other}; {USAGE}")),
        }
    }
    let path = match file {
        Some(f) => f,
        None => build_named_wasm("size", &[])?,
    };
    let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let m = module::parse(&bytes)?;
    if m.name_section == 0 {
        eprintln!(
            "xtask: {} has no name section (wasm-opt drops it): every function is func[N]",
            path.display()
        );
    }
    let b = report::breakdown(&m);
    if as_json {
        println!("{}", report::json(&b));
    } else {
        println!("{}", report::markdown(&b));
    }
    if data {
        let path = build_named_wasm("size-data", &["-Clink-arg=--no-merge-data-segments"])?;
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        println!("{}", report::data_symbols(&module::parse(&bytes)?, 20));
    }
    Ok(())
}

/// The release module with its name section, in target/size/ (its own target dir: the v0
/// mangling flag would otherwise rebuild the normal release target). Cargo's `-j`
/// follows `CARGO_BUILD_JOBS`.
fn build_named_wasm(target: &str, rustflags: &[&str]) -> Result<PathBuf> {
    tools::ensure_wasm_target()?;
    tools::ensure_wasm_bindgen()?;
    let dir = sh::root().join("target").join(target);
    let mut c = cmd(
        "cargo",
        &[
            "build",
            "--release",
            "--locked",
            "--target",
            tools::WASM_TARGET,
            "-p",
            "podscope-web",
            "--bin",
            "podscope-web",
        ],
    );
    // The release build's flags (crate::build::release_rustflags), and v0 names.
    let flags = [&["-Csymbol-mangling-version=v0"], rustflags].concat();
    c.env("CARGO_TARGET_DIR", &dir).env(
        "CARGO_ENCODED_RUSTFLAGS",
        crate::build::release_rustflags(&flags),
    );
    run(c)?;
    let raw = dir
        .join(tools::WASM_TARGET)
        .join("release")
        .join("podscope-web.wasm");
    let out = dir.join("bindgen");
    run(cmd(
        "wasm-bindgen",
        &[
            "--target",
            "web",
            "--out-dir",
            &out.to_string_lossy(),
            &raw.to_string_lossy(),
        ],
    ))?;
    bindgen_wasm(&out)
}

/// The `*_bg.wasm` wasm-bindgen wrote in `dir`.
fn bindgen_wasm(dir: &Path) -> Result<PathBuf> {
    std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.to_string_lossy().ends_with("_bg.wasm"))
        .ok_or_else(|| format!("no *_bg.wasm in {}", dir.display()))
}

#[cfg(test)]
mod tests {
    use wasm_encoder::{
        CodeSection, DataSection, EntityType, Function, FunctionSection, ImportSection,
        Instruction, NameMap, NameSection, TypeSection,
    };

    use super::classify::Group;
    use super::{module, report};

    /// A function whose body is `pad` nops then `end`.
    fn body(pad: usize) -> Function {
        let mut f = Function::new([]);
        for _ in 0..pad {
            f.instruction(&Instruction::Nop);
        }
        f.instruction(&Instruction::End);
        f
    }

    /// One import (so code indices start at 1), four bodies, 7 data bytes, and a name
    /// section naming three of the four: a legacy, a v0 and a plain name.
    fn tiny() -> Vec<u8> {
        let mut m = wasm_encoder::Module::new();
        let mut types = TypeSection::new();
        types.ty().function([], []);
        m.section(&types);
        let mut imports = ImportSection::new();
        imports.import("env", "host", EntityType::Function(0));
        m.section(&imports);
        let mut funcs = FunctionSection::new();
        for _ in 0..4 {
            funcs.function(0);
        }
        m.section(&funcs);
        let mut code = CodeSection::new();
        for pad in [10, 300, 3, 5] {
            code.function(&body(pad));
        }
        m.section(&code);
        let mut data = DataSection::new();
        data.passive(*b"abcdefg");
        // A table gzip cannot shrink, named as the linker names a symbol's segment.
        data.passive((0u32..256).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8));
        m.section(&data);
        let mut data_names = NameMap::new();
        data_names.append(1, ".rodata._RNvNtC4core5table5POWER");
        let mut names = NameMap::new();
        names.append(0, "host");
        names.append(
            1,
            "_ZN13podscope_core8manifest8classify17h0123456789abcdefE",
        );
        names.append(2, "_RNvNtC4jiff5error3fmt");
        names.append(3, "memcpy");
        let mut ns = NameSection::new();
        ns.functions(&names);
        ns.data(&data_names);
        m.section(&ns);
        m.finish()
    }

    #[test]
    fn parses_bodies_names_and_sections() {
        let m = module::parse(&tiny()).expect("valid module");
        let names: Vec<&str> = m.funcs.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "_ZN13podscope_core8manifest8classify17h0123456789abcdefE",
                "_RNvNtC4jiff5error3fmt",
                "memcpy",
                "func[4]"
            ]
        );
        // Each body: 1 byte of local count, the nops, `end`.
        let sizes: Vec<usize> = m.funcs.iter().map(|f| f.body.len()).collect();
        assert_eq!(sizes, [12, 302, 5, 7]);
        // count (1) + size prefixes (1 + 2 + 1 + 1) + bodies.
        assert_eq!(m.code_section, 1 + 5 + 12 + 302 + 5 + 7);
        assert_eq!(m.code_overhead(), 6);
        assert!(m.data_section > 7, "{}", m.data_section);
        assert!(m.name_section > 0);
    }

    /// Data segments keep their names; the listing puts the one gzip leaves largest first,
    /// by its demangled name, and shows an unnamed one by its first bytes.
    #[test]
    fn lists_data_symbols_by_what_gzip_leaves() {
        let m = module::parse(&tiny()).expect("valid module");
        let names: Vec<&str> = m.data.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["data[0]", ".rodata._RNvNtC4core5table5POWER"]);
        let table = report::data_symbols(&m, 5);
        let rows: Vec<&str> = table.lines().skip(2).collect();
        assert_eq!(rows.len(), 2, "{table}");
        assert!(
            rows[0].starts_with("| `core::table::POWER` | 256 |"),
            "{table}"
        );
        assert!(rows[1].starts_with("| text: \"abcdefg\" | 7 |"), "{table}");
    }

    /// Instances of one generic function are one row, most bytes first; a function with
    /// one instance is no family.
    #[test]
    fn generic_families_gather_their_instances() {
        let func = |name: &str, len: usize| module::Func {
            name: name.to_owned(),
            body: vec![1; len],
        };
        let m = module::Module {
            funcs: vec![
                func("<m::Map<u8, u8>>::insert", 40),
                func("core::sort::driftsort::<(a, b), F>", 100),
                func("<m::Map<u16, S>>::insert", 50),
                func("core::sort::driftsort::<u8, G>", 30),
                func("core::sort::driftsort::<S, H>", 30),
                func("podscope_core::once", 500),
            ],
            data: Vec::new(),
            code_section: 760,
            data_section: 0,
            name_section: 0,
            total: 800,
        };
        let b = report::breakdown(&m);
        let rows: Vec<(&str, usize, usize)> = b
            .families
            .iter()
            .map(|r| (r.label.as_str(), r.functions, r.raw))
            .collect();
        assert_eq!(
            rows,
            [
                ("core::sort::driftsort", 3, 160),
                ("<m::Map>::insert", 2, 90)
            ]
        );
        let modules: Vec<(&str, usize)> = b
            .modules
            .iter()
            .map(|r| (r.label.as_str(), r.raw))
            .collect();
        assert_eq!(modules, [("podscope_core::once", 500)]);
        let md = report::markdown(&b);
        assert!(md.contains("| `core::sort::driftsort` | 3 | 160 |"), "{md}");
        assert!(md.contains("| `podscope_core::once` | 1 | 500 |"), "{md}");
        assert!(report::json(&b).contains(
            "\"families\":[{\"name\":\"core::sort::driftsort\",\"functions\":3,\"raw\":160,"
        ));
    }

    #[test]
    fn groups_and_totals_add_up() {
        let b = report::breakdown(&module::parse(&tiny()).expect("valid module"));
        let row = |g: Group| {
            let i = Group::ALL.iter().position(|x| *x == g).expect("listed");
            (b.groups[i].functions, b.groups[i].raw)
        };
        assert_eq!(row(Group::PodscopeCore), (1, 12));
        assert_eq!(row(Group::Jiff), (1, 302));
        assert_eq!(row(Group::Other), (2, 12));
        assert_eq!(row(Group::TypedDecode), (0, 0));
        assert_eq!(b.groups[0].gzip, 0, "an empty row has no gzip size");
        let raw: usize = b.groups.iter().map(|r| r.raw).sum();
        assert_eq!(raw, b.bodies.raw);
        assert_eq!(raw + b.code_overhead, b.code_section);
        let crate_raw: usize = b.crates.iter().map(|r| r.raw).sum();
        assert_eq!(crate_raw, b.bodies.raw);
        assert_eq!(b.crates[0].label, "jiff");
        assert_eq!(b.top[0], (302, "jiff::error::fmt".to_owned()));
        assert_eq!(
            b.top[1],
            (12, "podscope_core::manifest::classify".to_owned())
        );
        // gzip of 300 nops is far below 302 bytes.
        assert!(b.groups[1].gzip < 100, "{}", b.groups[1].gzip);
        let md = report::markdown(&b);
        assert!(md.contains("| jiff | 1 | 302 |"), "{md}");
        assert!(
            md.contains(&format!("| **code section** | 4 | {} |", b.code_section)),
            "{md}"
        );
        let js = report::json(&b);
        assert!(
            js.contains("{\"name\":\"jiff\",\"functions\":1,\"raw\":302,"),
            "{js}"
        );
    }
}

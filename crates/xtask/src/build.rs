//! `build` and `serve`: the static site with trunk, finished for static hosts (dist.rs),
//! and its size report.

use std::io::Write;

use crate::dist::{self, PublicUrl};
use crate::sh::{self, Result, cmd, run};
use crate::tools;

/// `cargo xtask build [--public-url /sub/path/ | ./]` (default `./`: any folder).
pub fn build_cmd(args: &[&str]) -> Result {
    let public_url = match args {
        [] => PublicUrl::Relative,
        ["--public-url", url] => PublicUrl::parse(url)?,
        _ => return Err("usage: cargo xtask build [--public-url /sub/path/ | ./]".into()),
    };
    tools::ensure_build_tools()?;
    build_release(&public_url)?;
    println!("{}", size_report()?);
    Ok(())
}

/// The release site in dist/: trunk, then `finish_dist` (embed.html, loader out of line with
/// SRI, CSP in every page, `_headers`). `cargo xtask test` builds through here too.
pub fn build_release(public_url: &PublicUrl) -> Result {
    let url = public_url.to_string();
    let mut trunk = cmd("trunk", &["build", "--release", "--public-url", &url]);
    trunk.env("CARGO_ENCODED_RUSTFLAGS", release_rustflags(&[]));
    run(trunk)?;
    let finished = dist::finish_dist(&sh::root().join("dist"), public_url)?;
    eprintln!(
        "xtask: dist/ for {url}: loader {}, CSP in {} page(s), _headers written",
        finished.loader,
        finished.pages.len()
    );
    Ok(())
}

/// The release wasm's rustflags (for `CARGO_ENCODED_RUSTFLAGS`, one flag per 0x1f), `extra`
/// after them. A dependency's panic locations name its file under cargo's registry folder
/// without the builder's home (`/home/alice/.cargo/registry/src/index.crates.io-…/yew-0.23.0/
/// src/renderer.rs` → `index.crates.io-…/yew-0.23.0/src/renderer.rs`): the same commit builds
/// the same wasm, under the same content hash, on any machine, and no one's home ships in it.
pub fn release_rustflags(extra: &[&str]) -> String {
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| std::path::PathBuf::from(h).join(".cargo")));
    rustflags_for(cargo_home.as_deref(), extra)
}

fn rustflags_for(cargo_home: Option<&std::path::Path>, extra: &[&str]) -> String {
    let mut flags: Vec<String> = cargo_home
        .map(|home| {
            format!(
                "--remap-path-prefix={}=",
                home.join("registry").join("src").join("").display()
            )
        })
        .into_iter()
        .collect();
    flags.extend(extra.iter().map(|f| (*f).to_owned()));
    flags.join("\u{1f}")
}

/// `cargo xtask serve [--release] [--port N]`.
pub fn serve(args: &[&str]) -> Result {
    let mut release = false;
    let mut port = "8080".to_owned();
    let mut rest = args.iter();
    while let Some(a) = rest.next() {
        match *a {
            "--release" => release = true,
            "--port" => port = rest.next().ok_or("--port needs a number")?.to_string(),
            other => return Err(format!("unknown option {other}")),
        }
    }
    tools::ensure_build_tools()?;
    eprintln!("xtask: serving the playground on http://127.0.0.1:{port}/ (Ctrl-C stops)");
    let mut args = vec![
        "serve",
        "--address",
        "127.0.0.1",
        "--port",
        port.as_str(),
        "--disable-address-lookup",
    ];
    if release {
        args.push("--release");
    }
    run(cmd("trunk", &args))
}

/// The raw and gzip -9 sizes of every file in dist/, then what a reader downloads for the
/// full page and for an embed (the two budgets).
pub fn size_report() -> Result<String> {
    let dist = sh::root().join("dist");
    let mut paths: Vec<_> = std::fs::read_dir(&dist)
        .map_err(|e| format!("{}: {e}", dist.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    let mut files = Vec::new();
    for path in paths {
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        files.push(DistFile {
            gzip: gzip_len(&bytes),
            name,
            bytes,
        });
    }
    let mut out = String::from("dist/ sizes (bytes):\n");
    let (mut raw_total, mut gz_total) = (0, 0);
    for f in &files {
        raw_total += f.bytes.len();
        gz_total += f.gzip;
        out.push_str(&format!(
            "  {:<48} {:>9} raw {:>8} gzip\n",
            f.name,
            f.bytes.len(),
            f.gzip
        ));
    }
    out.push_str(&format!(
        "  {:<48} {raw_total:>9} raw {gz_total:>8} gzip\n",
        "total"
    ));
    out.push_str("what a reader downloads (the page and the files it loads):\n");
    // The loader adds the editor's bundle only outside an embed (dist/loader.rs); a post
    // includes embed.js, which makes the embed's iframe.
    for (label, roots, skip) in [
        ("the playground (index.html)", &["index.html"][..], None),
        (
            "an embed (embed.js, embed.html)",
            &["embed.js", "embed.html"][..],
            Some("podscope-editor-"),
        ),
    ] {
        let loaded = loads(&files, roots, skip);
        let raw: usize = loaded.iter().map(|f| f.bytes.len()).sum();
        let gzip: usize = loaded.iter().map(|f| f.gzip).sum();
        out.push_str(&format!(
            "  {label:<48} {raw:>9} raw {gzip:>8} gzip ({} files)\n",
            loaded.len()
        ));
    }
    Ok(out.trim_end().to_owned())
}

/// A file of dist/ with its gzip -9 size.
struct DistFile {
    name: String,
    bytes: Vec<u8>,
    gzip: usize,
}

/// The files `roots` load: those their text references, then those files' text, and so on
/// (the loader names the JS and the editor, the JS names the wasm); a name containing `skip`
/// is not followed. Only HTML and JS are read (the wasm's data holds file names it shows as
/// text, such as embed.js in the share dialog's snippet), and only a quoted address counts.
fn loads<'f>(files: &'f [DistFile], roots: &[&str], skip: Option<&str>) -> Vec<&'f DistFile> {
    let mut found: Vec<&DistFile> = files
        .iter()
        .filter(|f| roots.contains(&f.name.as_str()))
        .collect();
    let mut at = 0;
    while let Some(f) = found.get(at) {
        at += 1;
        if !(f.name.ends_with(".html") || f.name.ends_with(".js")) {
            continue;
        }
        let text = String::from_utf8_lossy(&f.bytes).into_owned();
        for other in files {
            let new = !found.iter().any(|g| g.name == other.name);
            let skipped = skip.is_some_and(|s| other.name.contains(s));
            if new && !skipped && references(&text, &other.name) {
                found.push(other);
            }
        }
    }
    found
}

/// Whether `text` holds an address of the file `name`: `"name"`, `"./name"` or `"/path/name"`
/// (either quote), not a mention in a comment.
fn references(text: &str, name: &str) -> bool {
    text.match_indices(name).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + name.len()..].chars().next();
        matches!(before, Some('/' | '"' | '\'')) && matches!(after, Some('"' | '\''))
    })
}

pub fn gzip_len(bytes: &[u8]) -> usize {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    if enc.write_all(bytes).is_err() {
        return 0;
    }
    enc.finish().map(|v| v.len()).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::{DistFile, loads, rustflags_for};
    use std::path::Path;

    #[test]
    fn the_registry_folder_is_remapped_and_flags_stay_whole() {
        assert_eq!(
            rustflags_for(Some(Path::new("/home/a b/.cargo")), &["-Cx=1 2"]),
            "--remap-path-prefix=/home/a b/.cargo/registry/src/=\u{1f}-Cx=1 2"
        );
        assert_eq!(rustflags_for(None, &["-Ca", "-Cb"]), "-Ca\u{1f}-Cb");
        assert_eq!(rustflags_for(None, &[]), "");
    }

    fn file(name: &str, text: &str) -> DistFile {
        DistFile {
            name: name.to_owned(),
            bytes: text.as_bytes().to_vec(),
            gzip: text.len() / 2,
        }
    }

    #[test]
    fn a_page_loads_what_it_names_and_what_those_name() {
        let files = [
            file(
                "index.html",
                "<!-- embed.html shares these files --><script src=\"/p/loader-1.js\">",
            ),
            file("embed.html", "<script src='./loader-1.js'>"),
            file("embed.js", "frame.src = base + \"embed.html\""),
            file(
                "loader-1.js",
                "import '/p/app-2.js'; s.src = \"/p/editor-3.js\"",
            ),
            file("app-2.js", "new URL('app-2_bg.wasm', import.meta.url)"),
            file("app-2_bg.wasm", "a snippet: <script src=\"/p/embed.js\">"),
            file("editor-3.js", ""),
            file("embed-example.html", "embed.js"),
        ];
        let names = |l: Vec<&DistFile>| l.iter().map(|f| f.name.clone()).collect::<Vec<_>>();
        assert_eq!(
            names(loads(&files, &["index.html"], None)),
            [
                "index.html",
                "loader-1.js",
                "app-2.js",
                "editor-3.js",
                "app-2_bg.wasm"
            ]
        );
        assert_eq!(
            names(loads(&files, &["embed.js", "embed.html"], Some("editor-"))),
            [
                "embed.html",
                "embed.js",
                "loader-1.js",
                "app-2.js",
                "app-2_bg.wasm"
            ]
        );
    }
}

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
    run(cmd("trunk", &["build", "--release", "--public-url", &url]))?;
    let finished = dist::finish_dist(&sh::root().join("dist"), public_url)?;
    eprintln!(
        "xtask: dist/ for {url}: loader {}, CSP in {} page(s), _headers written",
        finished.loader,
        finished.pages.len()
    );
    Ok(())
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

/// The raw and gzip -9 sizes of what the page loads (wasm, JS, CSS, HTML).
pub fn size_report() -> Result<String> {
    let dist = sh::root().join("dist");
    let mut files: Vec<_> = std::fs::read_dir(&dist)
        .map_err(|e| format!("{}: {e}", dist.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    let mut out = String::from("dist/ sizes (bytes):\n");
    let (mut raw_total, mut gz_total) = (0, 0);
    for path in files {
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let gz = gzip_len(&bytes);
        raw_total += bytes.len();
        gz_total += gz;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        out.push_str(&format!(
            "  {name:<48} {:>9} raw {:>8} gzip\n",
            bytes.len(),
            gz
        ));
    }
    out.push_str(&format!(
        "  {:<48} {raw_total:>9} raw {gz_total:>8} gzip",
        "total"
    ));
    Ok(out)
}

pub fn gzip_len(bytes: &[u8]) -> usize {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    if enc.write_all(bytes).is_err() {
        return 0;
    }
    enc.finish().map(|v| v.len()).unwrap_or(0)
}

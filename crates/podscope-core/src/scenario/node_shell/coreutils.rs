//! The GNU coreutils the docs pages run in the node's shell (`cat`, `mkdir`, `rm`, `rmdir`)
//! over the node's files, and `systemctl restart kubelet`. Messages are coreutils 9's
//! (src/cat.c, src/mkdir.c, src/remove.c, src/rmdir.c: `error (…, "cannot create directory
//! %s", quoteaf (dir))`) in a UTF-8 locale, where gnulib's `quote` puts a name between
//! `‘` and `’` (lib/quotearg.c `gettext_quote` for UTF-8 without a translation).

use podscope_shell::Errno;

use crate::sim::exec::node_files::NodeFiles;

/// What a tool printed: (status, stdout, stderr).
pub type Ran = (i32, String, String);

/// Whether `program` is one of these tools.
pub fn is_tool(program: &str) -> bool {
    matches!(program, "cat" | "mkdir" | "rm" | "rmdir" | "systemctl")
}

/// Runs `program` with `args` in `cwd` over `files`; `stdin` is what its standard input
/// holds (a here-document's body).
pub fn run(files: &mut NodeFiles, cwd: &str, program: &str, args: &[String], stdin: &str) -> Ran {
    let abs = |p: &str| podscope_shell::resolve_path(cwd, p);
    let (flags, names): (Vec<&String>, Vec<&String>) =
        args.iter().partition(|a| a.starts_with('-') && a.len() > 1);
    let parents = flags
        .iter()
        .any(|f| *f == "-p" || *f == "--parents" || (f.starts_with("-p") && !f.starts_with("--")));
    let mut out = String::new();
    let mut err = String::new();
    let mut status = 0;
    let mut fail = |msg: String| {
        err.push_str(&format!("{program}: {msg}\n"));
        status = 1;
    };
    if names.is_empty() && program != "cat" && program != "systemctl" {
        fail("missing operand".to_owned());
        err.push_str(&format!("Try '{program} --help' for more information.\n"));
        return (1, out, err);
    }
    match program {
        "cat" => {
            // src/cat.c: no file operand, or `-`, reads standard input.
            if names.is_empty() {
                out.push_str(stdin);
            }
            for n in names {
                if n == "-" {
                    out.push_str(stdin);
                    continue;
                }
                match files.read(&abs(n)) {
                    Ok(text) => out.push_str(text),
                    Err(e) => fail(format!("{n}: {}", e.strerror())),
                }
            }
        }
        "mkdir" => {
            for n in names {
                let path = abs(n);
                if parents {
                    let mut at = String::new();
                    for seg in path.split('/').filter(|s| !s.is_empty()) {
                        at = format!("{at}/{seg}");
                        if !files.is_dir(&at)
                            && let Err(e) = files.mkdir(&at)
                        {
                            fail(format!("cannot create directory ‘{n}’: {}", e.strerror()));
                            break;
                        }
                    }
                } else if let Err(e) = files.mkdir(&path) {
                    fail(format!("cannot create directory ‘{n}’: {}", e.strerror()));
                }
            }
        }
        "rm" => {
            let force = flags.iter().any(|f| f.contains('f'));
            for n in names {
                match files.unlink(&abs(n)) {
                    Ok(()) => {}
                    Err(Errno::NoEntry) if force => {}
                    Err(Errno::IsDir) => fail(format!("cannot remove ‘{n}’: Is a directory")),
                    Err(e) => fail(format!("cannot remove ‘{n}’: {}", e.strerror())),
                }
            }
        }
        "rmdir" => {
            for n in names {
                if let Err(e) = files.rmdir(&abs(n)) {
                    fail(format!("failed to remove ‘{n}’: {}", e.strerror()));
                }
            }
        }
        // `systemctl restart kubelet` prints nothing; the session restarts the kubelet
        // (`World::restart_kubelet`: its flags read again).
        _ => {}
    }
    (status, out, err)
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    fn go(fs: &mut NodeFiles, line: &str) -> Ran {
        let words: Vec<String> = line.split_whitespace().map(str::to_owned).collect();
        run(fs, "/root", &words[0], &words[1..], "")
    }

    #[test]
    fn coreutils_messages() {
        let mut fs = NodeFiles::default();
        assert_eq!(
            go(&mut fs, "cat /mnt/data/index.html"),
            (
                1,
                String::new(),
                "cat: /mnt/data/index.html: No such file or directory\n".to_owned()
            )
        );
        assert_eq!(
            go(&mut fs, "mkdir /a/b"),
            (
                1,
                String::new(),
                "mkdir: cannot create directory ‘/a/b’: No such file or directory\n".to_owned()
            )
        );
        assert_eq!(go(&mut fs, "mkdir -p /a/b").0, 0);
        assert!(fs.is_dir("/a/b"));
        assert_eq!(
            go(&mut fs, "mkdir /mnt").2,
            "mkdir: cannot create directory ‘/mnt’: File exists\n"
        );
        fs.write("/a/b/f", "hi\n", false).unwrap();
        assert_eq!(go(&mut fs, "cat /a/b/f").1, "hi\n");
        assert_eq!(go(&mut fs, "cat /a").2, "cat: /a: Is a directory\n");
        assert_eq!(
            go(&mut fs, "rmdir /a/b").2,
            "rmdir: failed to remove ‘/a/b’: Directory not empty\n"
        );
        assert_eq!(
            go(&mut fs, "rm /a/b").2,
            "rm: cannot remove ‘/a/b’: Is a directory\n"
        );
        assert_eq!(go(&mut fs, "rm /a/b/f").0, 0);
        assert_eq!(go(&mut fs, "rm -f /a/b/f").0, 0);
        assert_eq!(go(&mut fs, "rmdir /a/b").0, 0);
        assert_eq!(
            go(&mut fs, "rmdir"),
            (
                1,
                String::new(),
                "rmdir: missing operand\nTry 'rmdir --help' for more information.\n".to_owned()
            )
        );
        assert_eq!(
            go(&mut fs, "systemctl restart kubelet"),
            (0, String::new(), String::new())
        );
    }
}

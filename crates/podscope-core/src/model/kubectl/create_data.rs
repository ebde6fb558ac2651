//! The data of `kubectl create configmap` and `create secret generic`: `--from-literal`,
//! `--from-file` (a file, `KEY=FILE`, or a directory's regular files) and `--from-env-file`,
//! read from the machine kubectl runs on (`Local`), with kubectl's checks and error texts.
//! kubectl pkg/cmd/create/create_configmap.go (`createConfigMap`,
//! `handleConfigMapFromLiteralSources`, `handleConfigMapFromFileSources`,
//! `handleConfigMapFromEnvFileSources`, `validateNewConfigMap`), create_secret.go (the
//! Secret's twins), pkg/util/util.go (`ParseFileSource`, `ParseLiteralSource`) and
//! pkg/cmd/util/env_file.go (`AddFromEnvFile`, `processEnvFileLine`), as of release-1.35.

use std::collections::BTreeMap;

use crate::model::humanize::go_quote;
use crate::model::validate::formats;

/// What kubectl finds at a path (`os.Stat`, then `os.ReadFile` or `os.ReadDir`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LocalPath {
    File(String),
    /// A directory's regular files (name, text) in name order, as `os.ReadDir` lists them
    /// (its other entries are skipped: `item.Type().IsRegular()`).
    Dir(Vec<(String, String)>),
}

/// The machine kubectl runs on: its files, as paths are written on the command line
/// (relative to its working directory), and its environment.
pub trait Local {
    /// `None`: `os.Stat` fails with ENOENT.
    fn path(&self, path: &str) -> Option<LocalPath>;
    /// `os.Getenv`: empty when unset.
    fn env(&self, name: &str) -> String;
}

/// No files and an empty environment.
pub struct Nothing;

impl Local for Nothing {
    fn path(&self, _: &str) -> Option<LocalPath> {
        None
    }
    fn env(&self, _: &str) -> String {
        String::new()
    }
}

/// Where the data comes from, as given on the command line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sources {
    pub literals: Vec<String>,
    pub files: Vec<String>,
    pub env_files: Vec<String>,
}

/// Create_configmap.go and create_secret.go `Validate`.
pub const ENV_FILE_COMBINED: &str =
    "from-env-file cannot be combined with from-file or from-literal";

/// bufio.MaxScanTokenSize: `AddFromEnvFile`'s scanner stops (silently: it never reads
/// `scanner.Err()`) at a longer line.
const MAX_SCAN_TOKEN: usize = 64 * 1024;

/// The object's data being filled in, and whose rules its keys follow.
struct Data<'a> {
    name: &'a str,
    secret: bool,
    data: BTreeMap<String, String>,
}

impl Data<'_> {
    /// create_configmap.go `addKeyFromLiteralToConfigMap` / `validateNewConfigMap`;
    /// create_secret.go `addKeyFromLiteralToSecret`.
    fn add(&mut self, key: &str, value: String) -> Result<(), String> {
        let errs = formats::config_map_key(key);
        if !errs.is_empty() {
            return Err(if self.secret {
                format!(
                    "{} is not valid key name for a Secret {}",
                    go_quote(key),
                    errs.join(";")
                )
            } else {
                format!(
                    "{} is not a valid key name for a ConfigMap: {}",
                    go_quote(key),
                    errs.join(",")
                )
            });
        }
        if self.data.contains_key(key) {
            return Err(if self.secret {
                format!("cannot add key {key}, another key by that name already exists")
            } else {
                format!(
                    "cannot add key {}, another key by that name already exists in Data for ConfigMap {}",
                    go_quote(key),
                    go_quote(self.name)
                )
            });
        }
        self.data.insert(key.to_owned(), value);
        Ok(())
    }

    /// `handle…FromLiteralSources` (`ParseLiteralSource`: the first `=` splits; none, or one
    /// at the start, is an error).
    fn literals(&mut self, literals: &[String]) -> Result<(), String> {
        for lit in literals {
            match lit.split_once('=') {
                Some((k, v)) if !k.is_empty() => self.add(k, v.to_owned())?,
                _ => return Err(format!("invalid literal source {lit}, expected key=value")),
            }
        }
        Ok(())
    }

    /// `handle…FromFileSources`.
    fn files(&mut self, files: &[String], local: &impl Local) -> Result<(), String> {
        for source in files {
            let (key, path) = parse_file_source(source)?;
            match local.path(path) {
                None => return Err(format!("error reading {path}: no such file or directory")),
                Some(LocalPath::Dir(_)) if source.contains('=') => {
                    return Err("cannot give a key name for a directory path".to_owned());
                }
                Some(LocalPath::Dir(entries)) => {
                    for (name, text) in entries {
                        self.add(&name, text)?;
                    }
                }
                Some(LocalPath::File(text)) => self.add(&key, text)?,
            }
        }
        Ok(())
    }

    /// `handle…FromEnvFileSources`.
    fn env_files(&mut self, env_files: &[String], local: &impl Local) -> Result<(), String> {
        for path in env_files {
            let text = match local.path(path) {
                None => return Err(format!("error reading {path}: no such file or directory")),
                Some(LocalPath::Dir(_)) if self.secret => {
                    return Err("env secret file cannot be a directory".to_owned());
                }
                Some(LocalPath::Dir(_)) => {
                    return Err("env config file cannot be a directory".to_owned());
                }
                Some(LocalPath::File(text)) => text,
            };
            for (key, value) in env_file(&text, local)? {
                self.add(&key, value)?;
            }
        }
        Ok(())
    }
}

/// The data `sources` give an object named `name`, read from `local`, in kubectl's order
/// (a ConfigMap: files, literals, env files; a Secret: literals first); the error is
/// kubectl's, without `error: `.
pub fn data_of(
    name: &str,
    secret: bool,
    sources: &Sources,
    local: &impl Local,
) -> Result<BTreeMap<String, String>, String> {
    let mut d = Data {
        name,
        secret,
        data: BTreeMap::new(),
    };
    if secret {
        d.literals(&sources.literals)?;
        d.files(&sources.files, local)?;
    } else {
        d.files(&sources.files, local)?;
        d.literals(&sources.literals)?;
    }
    d.env_files(&sources.env_files, local)?;
    Ok(d.data)
}

/// util.go `ParseFileSource`: `PATH` (the key is its last element, `path.Base`) or
/// `KEY=PATH`.
pub fn parse_file_source(source: &str) -> Result<(String, &str), String> {
    match source.matches('=').count() {
        0 => Ok((base(source), source)),
        1 if source.starts_with('=') => Err(format!(
            "key name for file path {} missing",
            source.trim_start_matches('=')
        )),
        1 if source.ends_with('=') => Err(format!(
            "file path for key name {} missing",
            source.trim_end_matches('=')
        )),
        1 => match source.split_once('=') {
            Some((k, p)) => Ok((k.to_owned(), p)),
            None => Err("key names or file paths cannot contain '='".to_owned()),
        },
        _ => Err("key names or file paths cannot contain '='".to_owned()),
    }
}

/// Go's `path.Base`: the last element after trailing slashes are removed; `.` for an empty
/// path, `/` for slashes only.
fn base(path: &str) -> String {
    if path.is_empty() {
        return ".".to_owned();
    }
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        return "/".to_owned();
    }
    trimmed.rsplit('/').next().unwrap_or(trimmed).to_owned()
}

/// env_file.go `AddFromEnvFile`: one pair per line (`bufio.ScanLines`: `\n` ends a line, a
/// `\r` before it is dropped); a BOM on the first line and leading white space are
/// trimmed, blank lines and `#` comments skipped; `KEY=VALUE` splits at the first `=` with
/// nothing else trimmed (`KEY ` is not a valid name); a line without `=` takes KEY's value
/// from kubectl's environment.
pub fn env_file(text: &str, local: &impl Local) -> Result<Vec<(String, String)>, String> {
    let mut pairs = Vec::new();
    let mut first = true;
    for raw in text.split_inclusive('\n') {
        let line = raw.strip_suffix('\n').unwrap_or(raw);
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.len() > MAX_SCAN_TOKEN {
            break;
        }
        let line = if first {
            line.strip_prefix('\u{feff}').unwrap_or(line)
        } else {
            line
        };
        first = false;
        let line = line.trim_start();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, value) = match line.split_once('=') {
            Some((k, v)) => (k, v.to_owned()),
            None => (line, local.env(line)),
        };
        let errs = formats::env_var_name(key);
        if !errs.is_empty() {
            return Err(format!(
                "{} is not a valid key name: {}",
                go_quote(key),
                errs.join(";")
            ));
        }
        pairs.push((key.to_owned(), value));
    }
    Ok(pairs)
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    /// A directory `conf/` of two files, `game.env`, and `HOME` set.
    struct Fake;

    impl Local for Fake {
        fn path(&self, path: &str) -> Option<LocalPath> {
            match path {
                "conf" | "conf/" => Some(LocalPath::Dir(vec![
                    ("a.properties".to_owned(), "a=1".to_owned()),
                    ("b.properties".to_owned(), "b=2\n".to_owned()),
                ])),
                "conf/a.properties" => Some(LocalPath::File("a=1".to_owned())),
                "game.env" => Some(LocalPath::File(
                    "\u{feff}enemies=aliens\r\n  lives=3\nallowed=\"true\"\n\n# a comment\nHOME\n"
                        .to_owned(),
                )),
                _ => None,
            }
        }
        fn env(&self, name: &str) -> String {
            if name == "HOME" {
                "/root".to_owned()
            } else {
                String::new()
            }
        }
    }

    fn cm(literals: &[&str], files: &[&str], env_files: &[&str]) -> Result<Vec<String>, String> {
        let v = |s: &[&str]| s.iter().map(|x| (*x).to_owned()).collect();
        let sources = Sources {
            literals: v(literals),
            files: v(files),
            env_files: v(env_files),
        };
        data_of("cm", false, &sources, &Fake)
            .map(|d| d.into_iter().map(|(k, v)| format!("{k}={v:?}")).collect())
    }

    #[test]
    fn a_directory_gives_each_file_under_its_own_name() {
        assert_eq!(
            cm(&[], &["conf/"], &[]),
            Ok(vec![
                "a.properties=\"a=1\"".to_owned(),
                "b.properties=\"b=2\\n\"".to_owned()
            ])
        );
        assert_eq!(
            cm(&[], &["k=conf"], &[]),
            Err("cannot give a key name for a directory path".to_owned())
        );
        assert_eq!(
            cm(&[], &["key=conf/a.properties"], &[]),
            Ok(vec!["key=\"a=1\"".to_owned()])
        );
    }

    #[test]
    fn env_files_trim_only_leading_space_and_read_kubectls_environment() {
        assert_eq!(
            cm(&[], &[], &["game.env"]),
            Ok(vec![
                "HOME=\"/root\"".to_owned(),
                "allowed=\"\\\"true\\\"\"".to_owned(),
                "enemies=\"aliens\"".to_owned(),
                "lives=\"3\"".to_owned(),
            ])
        );
        assert_eq!(
            env_file("lives = 3\n", &Nothing),
            Err(format!(
                "\"lives \" is not a valid key name: {}",
                formats::env_var_name("lives ").join(";")
            ))
        );
        assert_eq!(
            cm(&[], &[], &["conf"]),
            Err("env config file cannot be a directory".to_owned())
        );
        assert_eq!(
            cm(&[], &[], &["nope.env"]),
            Err("error reading nope.env: no such file or directory".to_owned())
        );
    }

    #[test]
    fn keys_are_checked_as_kubectl_checks_them() {
        assert_eq!(
            cm(&["a.properties=x"], &["conf"], &[]),
            Err("cannot add key \"a.properties\", another key by that name already exists in Data for ConfigMap \"cm\"".to_owned())
        );
        assert_eq!(
            cm(&["=x"], &[], &[]),
            Err("invalid literal source =x, expected key=value".to_owned())
        );
        assert_eq!(cm(&["k="], &[], &[]), Ok(vec!["k=\"\"".to_owned()]));
        assert!(cm(&["my key=x"], &[], &[]).is_err_and(|e| e.starts_with(
            "\"my key\" is not a valid key name for a ConfigMap: a valid config key"
        )));
        let sources = Sources {
            literals: vec!["a=1".to_owned(), "a=2".to_owned()],
            ..Sources::default()
        };
        assert_eq!(
            data_of("s", true, &sources, &Nothing),
            Err("cannot add key a, another key by that name already exists".to_owned())
        );
    }

    #[test]
    fn file_sources_parse_as_parse_file_source_does() {
        assert_eq!(
            parse_file_source("a/b/c.txt"),
            Ok(("c.txt".to_owned(), "a/b/c.txt"))
        );
        assert_eq!(parse_file_source("dir/"), Ok(("dir".to_owned(), "dir/")));
        assert_eq!(
            parse_file_source("=p"),
            Err("key name for file path p missing".to_owned())
        );
        assert_eq!(
            parse_file_source("k="),
            Err("file path for key name k missing".to_owned())
        );
        assert_eq!(
            parse_file_source("a=b=c"),
            Err("key names or file paths cannot contain '='".to_owned())
        );
        assert_eq!(
            cm(&[], &["missing.txt"], &[]),
            Err("error reading missing.txt: no such file or directory".to_owned())
        );
    }
}

//! Pathname expansion (POSIX 2.13.3), as ash's and dash's `expmeta` do it: a field with an
//! unquoted `*`, `?` or `[` becomes the sorted names it matches, component by component;
//! a name starting with `.` matches only a pattern starting with `.` (then `.` and `..`
//! too); a field that matches nothing stays as it is.

use podscope_collections::CompactSort as _;

use super::host::{FileKind, Host};
use super::pattern::{self, PatChar};

/// The most names one field may expand to (a podscope limit, against `/*/*/*` walks).
const MAX_MATCHES: usize = 10_000;

/// The names `pattern` matches, sorted, or `None` when it matches nothing.
pub(super) fn expand(pattern: &[PatChar], cwd: &str, host: &mut dyn Host) -> Option<Vec<String>> {
    let absolute = pattern.first().is_some_and(|&(c, _)| c == '/');
    let components: Vec<&[PatChar]> = pattern
        .split(|&(c, _)| c == '/')
        .filter(|c| !c.is_empty())
        .collect();
    let mut found = Vec::new();
    let prefix = if absolute {
        "/".to_owned()
    } else {
        String::new()
    };
    walk(&components, prefix, cwd, host, &mut found);
    if found.is_empty() {
        return None;
    }
    found.sort_compact();
    Some(found)
}

fn has_magic(component: &[PatChar]) -> bool {
    component
        .iter()
        .any(|&(c, quoted)| !quoted && matches!(c, '*' | '?' | '['))
}

fn text(component: &[PatChar]) -> String {
    component.iter().map(|&(c, _)| c).collect()
}

/// Matches `components` below `prefix` (what is matched so far, `""` or ending in `/`).
fn walk(
    components: &[&[PatChar]],
    prefix: String,
    cwd: &str,
    host: &mut dyn Host,
    found: &mut Vec<String>,
) {
    let Some((first, rest)) = components.split_first() else {
        return;
    };
    if found.len() >= MAX_MATCHES {
        return;
    }
    if !has_magic(first) {
        let path = format!("{prefix}{}", text(first));
        if rest.is_empty() {
            // The last component is plain: it must exist (expmeta's lstat).
            if host.stat(&super::resolve_path(cwd, &path)).is_some() {
                found.push(path);
            }
        } else {
            walk(rest, format!("{path}/"), cwd, host, found);
        }
        return;
    }
    let dir = if prefix.is_empty() {
        cwd.to_owned()
    } else {
        super::resolve_path(cwd, &prefix)
    };
    let Some(mut names) = host.list_dir(&dir) else {
        return;
    };
    let match_dot = first.first().is_some_and(|&(c, _)| c == '.');
    if match_dot {
        names.extend([".".to_owned(), "..".to_owned()]);
    }
    for name in names {
        if found.len() >= MAX_MATCHES {
            return;
        }
        if (name.starts_with('.') && !match_dot) || !pattern::matches(&name, first) {
            continue;
        }
        let path = format!("{prefix}{name}");
        if rest.is_empty() {
            found.push(path);
        } else if host.stat(&super::resolve_path(cwd, &path)) == Some(FileKind::Dir) {
            walk(rest, format!("{path}/"), cwd, host, found);
        }
    }
}

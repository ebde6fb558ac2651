//! `crictl logs [--tail=N] CONTAINER-ID`: cri-tools v1.35.0 cmd/crictl/logs.go
//! (`logsCommand`): the container's status first (`ContainerStatus`, which fails for an ID
//! the runtime does not know), then its log file read as the kubelet reads it
//! (k8s.io/cri-client pkg/logs `ReadLogs`): stdout and stderr lines in the order written,
//! `--tail` counting lines from the end (`-1`, the default, is all of them).

use super::args::{self, Flag};
use super::find;
use crate::sim::outcome::Output;
use crate::sim::world::World;

const FLAGS: &[Flag] = &[
    Flag::bool("follow").short('f'),
    Flag::bool("previous").short('p'),
    Flag::bool("reopen").short('r'),
    Flag::value("tail"),
    Flag::value("limit-bytes"),
    Flag::value("since"),
    Flag::bool("timestamps").short('t'),
    Flag::value("stream").short('s'),
];

/// The last `n` lines of `log` (all of it for a negative `n`): pkg/logs `tail.FindTailLineStartIndex`
/// counts newline-ended lines back from the end.
pub fn tail(log: &str, n: i64) -> &str {
    let Ok(n) = usize::try_from(n) else {
        return log;
    };
    if n == 0 {
        return "";
    }
    let body = log.strip_suffix('\n').unwrap_or(log);
    match body.rmatch_indices('\n').nth(n - 1) {
        Some((i, _)) => log.get(i + 1..).unwrap_or(log),
        None => log,
    }
}

/// Runs `crictl logs WORDS…` on node `node`.
pub fn run(world: &World, node: usize, words: &[String]) -> Output {
    let p = match args::parse(FLAGS, words) {
        Ok(p) => p,
        Err(e) => return super::incorrect_usage("logs", &e),
    };
    let Some(id) = p.args.first() else {
        return super::fatal("ID cannot be empty");
    };
    if p.args.len() > 1 {
        return super::subcommand_help("logs");
    }
    for f in ["follow", "previous", "reopen", "timestamps"] {
        if p.has(f) {
            return super::unmodelled(&format!("crictl logs --{f}"));
        }
    }
    for f in ["limit-bytes", "since", "stream"] {
        if p.value(f).is_some() {
            return super::unmodelled(&format!("crictl logs --{f}"));
        }
    }
    // urfave/cli's Int64Flag: Go's `strconv.ParseInt(s, 0, 64)`.
    let lines = match p.value("tail") {
        None => -1,
        Some(v) => match v.parse::<i64>() {
            Ok(n) => n,
            Err(_) => {
                return super::incorrect_usage_text(
                    "logs",
                    &format!("invalid value \"{v}\" for flag -tail: parse error"),
                );
            }
        },
    };
    let Some(found) = find::container(world, node, id) else {
        // containerd v2.2.0 internal/cri/server/container_status.go `ContainerStatus`.
        return super::fatal(&format!(
            "rpc error: code = NotFound desc = an error occurred when try to find container \"{id}\": not found"
        ));
    };
    Output::ok(tail(&found.instance.log, lines))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn tail_counts_lines_from_the_end() {
        let log = "a\nb\nc\n";
        assert_eq!(tail(log, -1), log);
        assert_eq!(tail(log, 0), "");
        assert_eq!(tail(log, 1), "c\n");
        assert_eq!(tail(log, 2), "b\nc\n");
        assert_eq!(tail(log, 3), log);
        assert_eq!(tail(log, 9), log);
        assert_eq!(tail("a\nb", 1), "b");
        assert_eq!(tail("", 1), "");
    }
}

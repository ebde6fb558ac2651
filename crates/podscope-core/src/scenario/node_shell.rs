//! The node's shell: what `kubectl`, `crictl`, `docker`, `ps` and `lsns` print when run on the
//! node, dispatched from one command line.

mod config;
mod coreutils;
mod crictl;
mod kubectl;
mod kustomize;
pub mod local;
pub mod session;
mod watch;

use crate::model::kubectl::words::split_words;
use crate::sim::outcome::Output;
use crate::sim::world::World;

/// Runs one command line on the first node and returns what it prints.
pub fn run(world: &mut World, line: &str) -> Output {
    run_on(world, 0, line)
}

/// Runs one command line on node `node`: `crictl`, `docker`, `ps` and `lsns` see that node's
/// containers and processes; `kubectl` answers the same everywhere (it asks the API server),
/// and its commands that change the cluster (`delete`, `scale`, `rollout`, `exec`, `debug`)
/// change the world.
pub fn run_on(world: &mut World, node: usize, line: &str) -> Output {
    let words = match split_words(line) {
        Ok(w) => w,
        // bash's texts for an unterminated quote, status 2.
        Err(m) => {
            return Output::failed(
                format!("bash: {m}\nbash: syntax error: unexpected end of file\n"),
                2,
            );
        }
    };
    // `sudo CMD` runs CMD (the seeds' commands use it).
    let words: &[String] = match words.first().map(String::as_str) {
        Some("sudo") => words.get(1..).unwrap_or_default(),
        _ => &words,
    };
    let Some(program) = words.first() else {
        return Output::ok("");
    };
    let rest = words.get(1..).unwrap_or_default();
    tool(world, node, &local::Place::login(), program, rest).unwrap_or_else(|| not_found(program))
}

/// The node's login shell is bash: `bash: NAME: command not found`, status 127.
pub(crate) fn not_found(program: &str) -> Output {
    Output::failed(format!("bash: {program}: command not found\n"), 127)
}

/// Runs one of the node's tools (`kubectl`, `crictl`, `docker`, `ps`, `lsns`) with its
/// arguments, from `place` (kubectl reads its files and environment there); `None` for any
/// other program.
pub(crate) fn tool(
    world: &mut World,
    node: usize,
    place: &local::Place,
    program: &str,
    rest: &[String],
) -> Option<Output> {
    Some(match program {
        "kubectl" => kubectl::run(world, node, place, rest),
        "crictl" => match rest.split_first() {
            Some((exec, words)) if exec == "exec" => crictl::exec(world, node, words),
            Some((pull, words)) if pull == "pull" => crictl::pull(world, words),
            _ => crate::views::crictl::run(world, node, rest),
        },
        "docker" => crate::views::docker::run(world, node, rest),
        "ps" => crate::views::hostps::run_ps(world, node, rest),
        "lsns" => crate::views::hostps::run_lsns(world, node, rest),
        _ => return None,
    })
}

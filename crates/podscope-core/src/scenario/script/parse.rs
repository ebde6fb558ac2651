//! Reading the scenario text: one `at DURATION ACTION` (or `at DURATION say TEXT`) per line,
//! `#` comments, blank lines and an optional final `at DURATION end`, with every error at its
//! line and column.

use super::{ErrorKind, Narration, Scenario, ScenarioError, Step, duration};
use crate::scenario::command::Command;

/// A word of a line: its text and its 1-based column in characters.
struct Word<'a> {
    text: &'a str,
    column: usize,
}

/// Splits off the next whitespace-separated word of `rest`, which starts at `column`.
fn next_word(rest: &str, column: usize) -> (Option<Word<'_>>, &str, usize) {
    let skipped = rest.chars().take_while(|c| c.is_whitespace()).count();
    let start = rest
        .char_indices()
        .nth(skipped)
        .map_or(rest.len(), |(i, _)| i);
    let tail = rest.get(start..).unwrap_or_default();
    if tail.is_empty() {
        return (None, tail, column + skipped);
    }
    let end = tail.find(char::is_whitespace).unwrap_or(tail.len());
    let (text, after) = tail.split_at(end);
    let word = Word {
        text,
        column: column + skipped,
    };
    let after_column = word.column + text.chars().count();
    (Some(word), after, after_column)
}

/// The text of a narration step (`say TEXT`, the ends trimmed) and its column offset from the
/// action's, if the action is one.
fn narration(action: &str) -> Option<(&str, usize)> {
    let rest = action.strip_prefix("say")?;
    if !rest.is_empty() && !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let skipped = rest.chars().take_while(|c| c.is_whitespace()).count();
    Some((rest.trim(), "say".len() + skipped))
}

/// The delimiter of `apply <<EOF` (`apply << EOF` too), if the action starts a heredoc.
fn heredoc(action: &str) -> Option<&str> {
    let rest = action.strip_prefix("apply")?;
    let rest = rest.trim_start().strip_prefix("<<")?;
    Some(rest.trim())
}

pub(super) fn parse(text: &str) -> Result<Scenario, ScenarioError> {
    if text.len() > crate::admission::load::MAX_INPUT_BYTES {
        return Err(ScenarioError {
            line: 1,
            column: 1,
            kind: ErrorKind::TooLarge { bytes: text.len() },
        });
    }
    let mut scenario = Scenario::new();
    // The line of the last step, and of the end marker once seen.
    let mut last_line = 0;
    let mut end_line: Option<usize> = None;
    let mut lines = text.lines().enumerate();
    while let Some((index, line)) = lines.next() {
        let number = index + 1;
        let at = |column, kind| ScenarioError {
            line: number,
            column,
            kind,
        };
        let (first, rest, column) = next_word(line, 1);
        let Some(first) = first else { continue };
        if first.text.starts_with('#') {
            continue;
        }
        if first.text != "at" {
            return Err(at(
                first.column,
                ErrorKind::ExpectedAt {
                    found: first.text.to_owned(),
                },
            ));
        }
        if let Some(end_line) = end_line {
            return Err(at(first.column, ErrorKind::AfterEnd { end_line }));
        }
        let (time, rest, column) = next_word(rest, column);
        let Some(time) = time else {
            return Err(at(column, ErrorKind::MissingDuration));
        };
        let when =
            duration::parse(time.text).map_err(|e| at(time.column, ErrorKind::Duration(e)))?;
        let skipped = rest.chars().take_while(|c| c.is_whitespace()).count();
        let action = rest.trim();
        if action.is_empty() {
            return Err(at(column, ErrorKind::MissingAction));
        }
        let action_column = column + skipped;
        if action == "end" {
            scenario
                .check_time(when, last_line)
                .map_err(|k| at(time.column, k))?;
            scenario.end = Some(when);
            end_line = Some(number);
            continue;
        }
        scenario.check_next(when, last_line).map_err(|k| match k {
            ErrorKind::TooManySteps => at(first.column, k),
            k => at(time.column, k),
        })?;
        if let Some((text, offset)) = narration(action) {
            if text.is_empty() {
                return Err(at(action_column + offset, ErrorKind::MissingNarration));
            }
            scenario.narration.push(Narration {
                at: when,
                before_step: scenario.steps.len(),
                text: text.to_owned(),
            });
            last_line = number;
            continue;
        }
        let command: Command = match heredoc(action) {
            Some(delimiter) => {
                if delimiter.is_empty() || delimiter.contains(char::is_whitespace) {
                    return Err(at(
                        action_column,
                        ErrorKind::Action("expected `apply <<EOF`: a word after `<<`".to_owned()),
                    ));
                }
                let mut body = String::new();
                let mut closed = false;
                for (_, l) in lines.by_ref() {
                    if l.trim() == delimiter {
                        closed = true;
                        break;
                    }
                    body.push_str(l);
                    body.push('\n');
                }
                if !closed {
                    return Err(at(
                        action_column,
                        ErrorKind::Action(format!(
                            "no line `{delimiter}` ends the manifest that `apply <<{delimiter}` starts"
                        )),
                    ));
                }
                Command::Apply(crate::scenario::command::ApplySource::inline(body))
            }
            None => action
                .parse()
                .map_err(|e: crate::sim::outcome::CommandError| {
                    at(action_column, ErrorKind::Action(e.to_string()))
                })?,
        };
        scenario.steps.push(Step { at: when, command });
        last_line = number;
    }
    Ok(scenario)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::time::SimDuration;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn err(text: &str) -> String {
        text.parse::<Scenario>().unwrap_err().to_string()
    }

    #[test]
    fn reads_steps_comments_blank_lines_and_the_end() {
        let s: Scenario = "# the demo\n\nat 0s   exec demo/busybox -- wget -q -S -O /dev/null localhost\n  at 5s kill demo/nginx --signal KILL\r\nat 1m30s node -- kubectl get pods -o wide\n\tat 90s kill-sandbox demo\nat 5m end\n# done\n"
            .parse()
            .unwrap();
        let times: Vec<u64> = s.steps().iter().map(|s| s.at.as_millis()).collect();
        assert_eq!(times, [0, 5_000, 90_000, 90_000]);
        assert_eq!(s.end(), Some(SimDuration::from_secs(300)));
        assert_eq!(
            s.to_string(),
            "at 0s exec demo/busybox -- wget -q -S -O /dev/null localhost\n\
             at 5s kill demo/nginx\n\
             at 1m30s node -- kubectl get pods -o wide\n\
             at 1m30s kill-sandbox demo\n\
             at 5m0s end\n"
        );
        assert_eq!("".parse::<Scenario>().unwrap(), Scenario::new());
    }

    #[test]
    fn errors_name_line_column_and_what_was_expected() {
        assert_eq!(
            err("\n  kill demo/nginx"),
            "2:3: expected `at DURATION ACTION`, a `#` comment or a blank line, found \"kill\""
        );
        assert_eq!(
            err("at"),
            "1:3: expected a duration after `at`, like 500ms, 90s, 1m30s or 2h"
        );
        assert_eq!(err("at  5"), "1:5: time: missing unit in duration \"5\"");
        assert!(err("at 5s").starts_with("1:6: expected an action after the time"));
        assert!(
            err("at 5s  stop demo/x").starts_with("1:8: cannot read \"stop\" action"),
            "{}",
            err("at 5s  stop demo/x")
        );
        assert_eq!(
            err("at 10s kill demo/a\n# c\nat 5s kill demo/a"),
            "3:4: step at 5s goes back in time: line 1 is at 10s; steps must be in time order"
        );
        assert_eq!(
            err("at 10s kill demo/a\nat 5s end"),
            "2:4: step at 5s goes back in time: line 1 is at 10s; steps must be in time order"
        );
        assert_eq!(
            err("at 1m end\nat 2m kill demo/a"),
            "2:1: no step may follow the `end` on line 1"
        );
        assert_eq!(
            err("at 721h kill demo/a"),
            "1:4: 721h0m0s is too late: a scenario may last at most 720h0m0s (30 days)"
        );
        assert_eq!(
            err("at é5s end").split(':').take(2).collect::<Vec<_>>(),
            ["1", "4"]
        );
        assert!(err("at 1s kill é/x --signal NOPE").starts_with("1:7: "));
        assert!(err("at 1s\u{a0}kill demo/x --signal NOPE").starts_with("1:7: "));
    }

    #[test]
    fn caps_the_number_of_steps() {
        let ok = "at 1s kill demo/a\n".repeat(super::super::MAX_STEPS);
        assert_eq!(ok.parse::<Scenario>().unwrap().steps().len(), 10_000);
        let over = format!("{ok}at 1s kill demo/a\n");
        assert_eq!(
            over.parse::<Scenario>().unwrap_err().to_string(),
            "10001:1: too many steps: a scenario holds at most 10000, narration included"
        );
    }
}

//! The terminal's model: what a typed line means, the lines typed before (Up/Down), the
//! output kept on screen (capped so the page never grows without bound), and the exec
//! session the terminal is attached to (`kubectl exec -it`: one shell per container that
//! keeps its state from line to line).

use std::collections::VecDeque;
use std::rc::Rc;

use podscope_core::Command;
use podscope_core::model::ids::{ContainerName, ObjectKey, SessionId};
use podscope_core::model::refs::ContainerRef;
use podscope_core::model::time::SimTime;
use podscope_core::scenario::script::Entry;
use podscope_core::sim::outcome::{CommandError, Output};

/// The most commands whose output stays on screen; older ones scroll away for good.
pub const MAX_ENTRIES: usize = 200;
/// The most lines Up/Down can recall.
pub const MAX_HISTORY: usize = 500;
/// The most bytes of one command's output kept on screen.
pub const MAX_OUTPUT_BYTES: usize = 64 * 1024;

/// Where a plain line (neither a scenario action nor a node tool) runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// The node's shell session: `node -it -- LINE`.
    Node,
    /// The container's interactive shell: `exec -it POD/CONTAINER -- LINE`.
    Container(ObjectKey, ContainerName),
}

impl Target {
    /// The prompt shown before the input: `demo/busybox$` or `node$`.
    pub fn prompt(&self) -> String {
        match self {
            Target::Node => "node$".to_owned(),
            Target::Container(p, c) => format!("{}$", ContainerRef::new(p, c)),
        }
    }
}

/// The tools that run on the node whatever container is selected, as on a real node where
/// `kubectl`, `crictl` and `docker` are not inside the pod.
const NODE_TOOLS: [&str; 3] = ["kubectl", "crictl", "docker"];

/// Scenario verbs that no container shell has: a line starting with one is an action, and
/// a mistake in it is reported rather than run in the shell. (`kill` and `exec` are also
/// shell built-ins, so a line with them that is not a valid action runs in the shell.)
const ACTION_ONLY: [&str; 3] = ["kill-sandbox", "node", "delete"];

/// What a typed line means: `kubectl …`, `crictl …`, `docker …` run on the node; a valid
/// scenario action (`exec demo/busybox -- ps`, `kill demo/nginx`) runs as written; any
/// other line is typed into the selected container's session (`exec -it POD/C -- LINE`) or
/// the node's (`node -it -- LINE`). `None` for a blank line.
pub fn command_for(line: &str, target: &Target) -> Option<Result<Command, CommandError>> {
    let line = line.trim();
    let first = line.split_whitespace().next()?;
    if NODE_TOOLS.contains(&first) {
        return Some(Ok(Command::Node {
            node: None,
            line: line.to_owned(),
        }));
    }
    match line.parse::<Command>() {
        Ok(command) => Some(Ok(command)),
        Err(e) if ACTION_ONLY.contains(&first) => Some(Err(e)),
        Err(_) => Some(Ok(match target {
            Target::Node => Command::NodeSession {
                node: None,
                line: line.to_owned(),
            },
            Target::Container(p, c) => Command::Session {
                target: ContainerRef::new(p, c),
                shell: None,
                line: line.to_owned(),
            },
        })),
    }
}

/// One command on screen: its prompt line and what it printed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TermEntry {
    /// The world's clock when it ran.
    pub at: SimTime,
    /// `demo/busybox$ ps`, `node$ kubectl get pods`, or the action (`kill demo/nginx`).
    pub prompt: String,
    /// The output, errors worded as kubectl words them; empty or ending in a newline.
    pub output: String,
    /// A non-zero exit status or an error.
    pub failed: bool,
    /// The end of the terminal's exec session (`exit`, or its container stopped): the page
    /// marks it, and the next line opens a new session.
    pub session_end: bool,
}

impl TermEntry {
    /// A command that ran (or that the world refused): prompt and body as the transcript of
    /// `podscope run` prints them (`podscope_core::scenario::script::Entry`).
    /// `ps1` is the session's prompt before a line typed into it (`dispatch::prompt_before`).
    pub fn ran(
        at: SimTime,
        command: Command,
        ps1: Option<String>,
        result: Result<Output, CommandError>,
    ) -> Self {
        let failed = !matches!(&result, Ok(o) if o.status == 0);
        let entry = Entry {
            at,
            command,
            result,
            ps1,
        };
        TermEntry {
            at,
            prompt: entry.prompt(),
            output: capped(entry.body()),
            failed,
            session_end: false,
        }
    }

    /// The session ended with `status` between lines (its container stopped): kubectl's
    /// report of the remote status (`command terminated with exit code 137`), or nothing
    /// for 0. `reported`: the line that ended it already printed that.
    pub fn session_ended(at: SimTime, status: i32, reported: bool) -> Self {
        TermEntry {
            at,
            prompt: String::new(),
            output: if status == 0 || reported {
                String::new()
            } else {
                format!("command terminated with exit code {status}\n")
            },
            failed: status != 0,
            session_end: true,
        }
    }

    /// Ctrl+C at the prompt: the line typed so far is dropped, as a terminal echoes `^C` and
    /// the shell prompts again.
    pub fn cancelled(at: SimTime, prompt: &str, input: &str) -> Self {
        TermEntry {
            at,
            prompt: format!("{prompt} {input}^C"),
            output: String::new(),
            failed: false,
            session_end: false,
        }
    }

    /// A command the page's recording could not hold, so it did not run.
    pub fn not_run(at: SimTime, command: Command, message: &str) -> Self {
        let prompt = Entry {
            at,
            command,
            result: Ok(Output::default()),
            ps1: None,
        }
        .prompt();
        TermEntry::refused(at, prompt, message)
    }

    /// A line that never became a command: kubectl's client-side `error: MESSAGE`.
    pub fn refused(at: SimTime, prompt: String, message: &str) -> Self {
        TermEntry {
            at,
            prompt,
            output: format!("error: {message}\n"),
            failed: true,
            session_end: false,
        }
    }
}

/// Keeps the first `MAX_OUTPUT_BYTES` of a command's output (cut at a line end when there is
/// one), and says how much was left out.
fn capped(mut text: String) -> String {
    if text.len() <= MAX_OUTPUT_BYTES {
        return text;
    }
    let mut cut = MAX_OUTPUT_BYTES;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    if let Some(nl) = text[..cut].rfind('\n') {
        cut = nl + 1;
    }
    let left_out = text.len() - cut;
    text.truncate(cut);
    text.push_str(&format!(
        "[podscope: {left_out} more bytes of output not shown]\n"
    ));
    text
}

/// The terminal: output on screen, the input line, and its history.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Terminal {
    /// The newest `MAX_ENTRIES` commands, oldest first.
    pub entries: VecDeque<Rc<TermEntry>>,
    /// How many older entries scrolled away.
    pub dropped: u64,
    /// The text in the input line.
    pub input: String,
    /// Lines run, oldest first (a line equal to the one before is kept once, as bash's
    /// `ignoredups` does).
    history: Vec<String>,
    /// Which history line the input shows while browsing with Up/Down.
    cursor: Option<usize>,
    /// What was typed before browsing started, restored by Down past the newest line.
    draft: String,
    /// The exec session the terminal's lines went to last, until the page has shown its end.
    pub session: Option<SessionId>,
}

impl Terminal {
    pub fn history(&self) -> &[String] {
        &self.history
    }

    /// The user typed: the input changes and history browsing stops.
    pub fn set_input(&mut self, text: String) {
        self.input = text;
        self.cursor = None;
    }

    /// Takes the input line to run: clears it and remembers it in the history.
    pub fn take_input(&mut self) -> String {
        let line = std::mem::take(&mut self.input);
        self.cursor = None;
        self.draft.clear();
        let trimmed = line.trim();
        if !trimmed.is_empty() && self.history.last().map(String::as_str) != Some(trimmed) {
            self.history.push(trimmed.to_owned());
            if self.history.len() > MAX_HISTORY {
                self.history.remove(0);
            }
        }
        line
    }

    /// Up: the previous line of the history (stays at the oldest).
    pub fn history_up(&mut self) {
        let Some(last) = self.history.len().checked_sub(1) else {
            return;
        };
        let at = match self.cursor {
            None => {
                self.draft = self.input.clone();
                last
            }
            Some(c) => c.saturating_sub(1),
        };
        self.show(at);
    }

    /// Down: the next line, and past the newest the text typed before browsing.
    pub fn history_down(&mut self) {
        let Some(c) = self.cursor else { return };
        if c + 1 < self.history.len() {
            self.show(c + 1);
        } else {
            self.cursor = None;
            self.input = std::mem::take(&mut self.draft);
        }
    }

    fn show(&mut self, at: usize) {
        if let Some(line) = self.history.get(at) {
            self.input = line.clone();
            self.cursor = Some(at);
        }
    }

    /// Adds a command's output, dropping the oldest past `MAX_ENTRIES`.
    pub fn push(&mut self, entry: TermEntry) {
        self.entries.push_back(Rc::new(entry));
        while self.entries.len() > MAX_ENTRIES {
            self.entries.pop_front();
            self.dropped += 1;
        }
    }

    /// Ctrl+C: drops the input line, shown under `prompt` with `^C`.
    pub fn cancel(&mut self, at: SimTime, prompt: &str) {
        let input = std::mem::take(&mut self.input);
        self.cursor = None;
        self.draft.clear();
        self.push(TermEntry::cancelled(at, prompt, &input));
    }

    /// Clears the screen (`clear`, Ctrl+L), keeping the history.
    pub fn clear(&mut self) {
        self.dropped += self.entries.len() as u64;
        self.entries.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn busybox() -> Target {
        Target::Container(
            ObjectKey::new("default", "demo"),
            ContainerName("busybox".into()),
        )
    }

    fn text(line: &str, target: &Target) -> String {
        match command_for(line, target) {
            Some(Ok(c)) => c.to_string(),
            Some(Err(e)) => format!("error: {e}"),
            None => "(nothing)".into(),
        }
    }

    #[test]
    fn lines_become_the_right_command() {
        let bb = busybox();
        assert_eq!(text("ps", &bb), "exec -it demo/busybox -- ps");
        assert_eq!(
            text("  hostname ", &bb),
            "exec -it demo/busybox -- hostname"
        );
        assert_eq!(text("cd /etc", &bb), "exec -it demo/busybox -- cd /etc");
        assert_eq!(text("kubectl get pods", &bb), "node -- kubectl get pods");
        assert_eq!(text("crictl ps -a", &bb), "node -- crictl ps -a");
        assert_eq!(text("docker ps", &Target::Node), "node -- docker ps");
        assert_eq!(text("ps -ef", &Target::Node), "node -it -- ps -ef");
        assert_eq!(text("cd /tmp", &Target::Node), "node -it -- cd /tmp");
        assert_eq!(
            text("exec demo/nginx -- cat /etc/hostname", &bb),
            "exec demo/nginx -- cat /etc/hostname"
        );
        assert_eq!(text("node -- lsns", &bb), "node -- lsns");
        assert_eq!(
            text("kill demo/nginx --signal TERM", &bb),
            "kill demo/nginx --signal TERM"
        );
        assert_eq!(text("kill-sandbox demo", &bb), "kill-sandbox demo");
        assert_eq!(text("delete demo", &bb), "delete demo");
        // Shell built-ins that are not valid actions run in the shell.
        assert_eq!(text("kill 1", &bb), "exec -it demo/busybox -- kill 1");
        assert_eq!(
            text("exec sleep 1", &bb),
            "exec -it demo/busybox -- exec sleep 1"
        );
        // Verbs no shell has are reported.
        assert!(text("kill-sandbox", &bb).starts_with("error: cannot read \"kill-sandbox\""));
        assert!(text("node lsns", &bb).starts_with("error: "));
        assert_eq!(text("   ", &bb), "(nothing)");
    }

    #[test]
    fn prompts_name_the_target() {
        assert_eq!(busybox().prompt(), "demo/busybox$");
        assert_eq!(Target::Node.prompt(), "node$");
    }

    fn typed(t: &mut Terminal, line: &str) {
        t.set_input(line.into());
        t.take_input();
    }

    #[test]
    fn up_and_down_recall_history() {
        let mut t = Terminal::default();
        t.history_up();
        assert_eq!(t.input, "", "no history yet");
        typed(&mut t, "ps");
        typed(&mut t, "hostname");
        typed(&mut t, "hostname");
        typed(&mut t, "  ");
        assert_eq!(t.history(), ["ps", "hostname"]);
        t.set_input("ip a".into());
        t.history_up();
        assert_eq!(t.input, "hostname");
        t.history_up();
        assert_eq!(t.input, "ps");
        t.history_up();
        assert_eq!(t.input, "ps", "stays at the oldest");
        t.history_down();
        assert_eq!(t.input, "hostname");
        t.history_down();
        assert_eq!(t.input, "ip a", "back to what was typed");
        t.history_down();
        assert_eq!(t.input, "ip a");
    }

    #[test]
    fn history_is_capped() {
        let mut t = Terminal::default();
        for i in 0..MAX_HISTORY + 5 {
            typed(&mut t, &format!("echo {i}"));
        }
        assert_eq!(t.history().len(), MAX_HISTORY);
        assert_eq!(t.history()[0], "echo 5");
    }

    #[test]
    fn long_output_is_cut_at_a_line_and_says_so() {
        let text = "0123456789\n".repeat(10_000);
        let out = capped(text.clone());
        assert!(out.len() < MAX_OUTPUT_BYTES + 100);
        let kept = MAX_OUTPUT_BYTES / 11 * 11;
        assert!(out.starts_with(&text[..kept]));
        assert!(out.ends_with(&format!(
            "[podscope: {} more bytes of output not shown]\n",
            text.len() - kept
        )));
        assert_eq!(capped("é\n".into()), "é\n");
    }
}

//! The terminal's part of the reducer: a typed line run where `command_for` sends it (a
//! line for a container goes to its exec session), the prompt the input line shows, Ctrl+C,
//! and the end of the session shown when it happens (`exit`, or its container stopped).

use std::rc::Rc;

use podscope_core::Command;
use podscope_core::model::refs::ContainerRef;
use podscope_core::scenario::dispatch::prompt_before;

use super::State;
use crate::session::{Target, TermEntry, command_for};

impl State {
    /// The prompt before the input line: the node session's (`root@node-1:/tmp#`), or the selected container's
    /// session prompt as busybox ash prints it (`/etc # `), the one a new session would
    /// print if none is open, or `POD/C$` when the container cannot be exec'd into.
    pub fn terminal_prompt(&self) -> String {
        let fallback = || self.target.prompt();
        let probe = match &self.target {
            Target::Node => Command::NodeSession {
                node: None,
                line: String::new(),
            },
            Target::Container(p, c) => Command::Session {
                target: ContainerRef::new(p, c),
                shell: None,
                line: String::new(),
            },
        };
        self.world()
            .and_then(|w| prompt_before(&w, &probe))
            .map_or_else(fallback, |ps1| ps1.trim_end().to_owned())
    }

    /// Enter in the terminal: the input line runs as `command_for` reads it, and its output
    /// (or why it did not run) goes on screen under its prompt.
    pub(super) fn run_terminal_line(self: Rc<Self>) -> Rc<Self> {
        let mut next = (*self).clone();
        let line = Rc::make_mut(&mut next.terminal).take_input();
        if line.trim() == "clear" {
            Rc::make_mut(&mut next.terminal).clear();
            return Rc::new(next);
        }
        let at = next.world().map(|w| w.now()).unwrap_or_default();
        // A line typed into the session prints its end's status itself (`exit 3`); any other
        // command that ends it (`kill POD/C`) leaves that to the end's marker.
        let mut reported = false;
        let entry = match command_for(&line, &next.target) {
            None => return Rc::new(next),
            Some(Err(e)) => {
                let prompt = format!("{} {}", next.target.prompt(), line.trim());
                TermEntry::refused(at, prompt, &e.to_string())
            }
            Some(Ok(command)) => {
                let ps1 = next.world().and_then(|w| prompt_before(&w, &command));
                match next.run(&command) {
                    Ok(result) => {
                        next.attach_session(&command);
                        reported = matches!(command, Command::Session { .. });
                        TermEntry::ran(at, command, ps1, result)
                    }
                    Err(refused) => TermEntry::not_run(at, command, &refused),
                }
            }
        };
        Rc::make_mut(&mut next.terminal).push(entry);
        Rc::new(next.session_end_shown(reported))
    }

    /// After a line typed into a session, the terminal follows that session.
    fn attach_session(&mut self, command: &Command) {
        let Command::Session { target, .. } = command else {
            return;
        };
        let id = self
            .world()
            .and_then(|w| w.session_for(target))
            .map(|s| s.id);
        Rc::make_mut(&mut self.terminal).session = id;
    }

    /// Ctrl+C: the input line is dropped under its prompt, with `^C`.
    pub(super) fn cancel_input(self: Rc<Self>) -> Rc<Self> {
        let at = self.world().map(|w| w.now()).unwrap_or_default();
        let prompt = self.terminal_prompt();
        let mut next = (*self).clone();
        Rc::make_mut(&mut next.terminal).cancel(at, &prompt);
        Rc::new(next)
    }

    /// Shows the end of the terminal's session once it happened; the same state (no
    /// re-render) while it is open. `reported`: a line just run already printed its status.
    pub(super) fn session_end_shown(mut self, reported: bool) -> Self {
        if let Some((at, status)) = self.ended_session() {
            let term = Rc::make_mut(&mut self.terminal);
            term.session = None;
            term.push(TermEntry::session_ended(at, status, reported));
        }
        self
    }

    /// `session_end_shown` after any message: a tick or a kill may end the session.
    pub(super) fn notice_session_end(self: Rc<Self>) -> Rc<Self> {
        if self.ended_session().is_none() {
            return self;
        }
        Rc::new((*self).clone().session_end_shown(false))
    }

    /// When and how the terminal's session ended, if it did and the page has not shown it.
    fn ended_session(&self) -> Option<(podscope_core::model::time::SimTime, i32)> {
        let id = self.terminal.session?;
        let world = self.world()?;
        let status = world.session(id).map_or(Some(0), |s| s.ended)?;
        Some((world.now(), status))
    }
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use podscope_core::model::ids::{ContainerName, ObjectKey};
    use podscope_core::model::time::SimDuration;
    use yew::Reducible;

    use crate::session::Target;
    use crate::state::tests::{replay, screen, typed};
    use crate::state::{DEMO_YAML, Msg};

    fn nginx() -> Target {
        Target::Container(
            ObjectKey::new("default", "demo"),
            ContainerName("nginx".into()),
        )
    }

    #[test]
    fn the_working_directory_and_variables_last_from_line_to_line() {
        let s = replay(
            [
                vec![Msg::Tick(SimDuration::from_secs(6))],
                typed("cd /etc"),
                typed("pwd"),
                typed("X=5"),
                typed("echo $X"),
            ]
            .concat(),
        );
        assert_eq!(
            screen(&s),
            [
                "demo/busybox / # cd /etc\n",
                "demo/busybox /etc # pwd\n/etc\n",
                "demo/busybox /etc # X=5\n",
                "demo/busybox /etc # echo $X\n5\n"
            ]
        );
        assert_eq!(s.terminal_prompt(), "/etc #");
        assert_eq!(
            s.recording().to_string(),
            "at 6s exec -it demo/busybox -- cd /etc\nat 6s exec -it demo/busybox -- pwd\n\
             at 6s exec -it demo/busybox -- X=5\nat 6s exec -it demo/busybox -- echo $X\n\
             at 6s end\n"
        );
        // A share link replays the session: the same lines reach the same shell.
        let again = replay(vec![Msg::Load {
            yaml: DEMO_YAML.to_owned(),
            script: s.recording().to_string(),
        }]);
        assert_eq!(again.action_error, None);
        assert_eq!(again.terminal_prompt(), "/etc #");
        let again = again
            .reduce(Msg::TermInput("echo $X".into()))
            .reduce(Msg::TermRun);
        assert_eq!(again.terminal.entries.back().unwrap().output, "5\n");
    }

    #[test]
    fn the_node_terminal_is_one_shell_session() {
        let s = replay(
            [
                vec![
                    Msg::Tick(SimDuration::from_secs(6)),
                    Msg::Select(Target::Node),
                ],
                typed("cd /tmp"),
                typed("pwd"),
                typed("X=demo"),
                typed("echo $X"),
            ]
            .concat(),
        );
        assert_eq!(
            screen(&s),
            [
                "root@node-1:~# cd /tmp\n",
                "root@node-1:/tmp# pwd\n/tmp\n",
                "root@node-1:/tmp# X=demo\n",
                "root@node-1:/tmp# echo $X\ndemo\n"
            ]
        );
        assert_eq!(s.terminal_prompt(), "root@node-1:/tmp#");
        assert!(
            s.recording()
                .to_string()
                .starts_with("at 6s node -it -- cd /tmp\nat 6s node -it -- pwd\n"),
            "{}",
            s.recording()
        );
        let s = s.reduce(Msg::TermInput("exit".into())).reduce(Msg::TermRun);
        assert_eq!(
            s.terminal_prompt(),
            "root@node-1:~#",
            "the next line opens a new one"
        );
    }

    #[test]
    fn a_kill_ends_the_session_where_the_page_shows_it() {
        let s = replay(
            [
                vec![Msg::Tick(SimDuration::from_secs(6)), Msg::Select(nginx())],
                typed("cd /etc"),
            ]
            .concat(),
        );
        assert_eq!(s.terminal_prompt(), "#", "nginx's sh is dash");
        assert!(s.terminal.session.is_some());
        let s = s.reduce(Msg::Kill {
            pod: ObjectKey::new("default", "demo"),
            container: ContainerName("nginx".into()),
        });
        let end = s.terminal.entries.back().unwrap();
        assert!(end.session_end && end.failed);
        assert_eq!(end.output, "command terminated with exit code 137\n");
        assert_eq!(s.terminal.session, None, "shown once");
        let ticked = s.clone().reduce(Msg::Tick(SimDuration::from_secs(3)));
        assert_eq!(ticked.terminal.entries.len(), s.terminal.entries.len());
        let s = ticked
            .reduce(Msg::TermInput("pwd".into()))
            .reduce(Msg::TermRun);
        assert_eq!(
            s.terminal.entries.back().unwrap().output,
            "/\n",
            "a new session in the restarted container"
        );
    }

    #[test]
    fn a_kill_typed_in_the_terminal_shows_the_sessions_status() {
        let s = replay(
            [
                vec![Msg::Tick(SimDuration::from_secs(6)), Msg::Select(nginx())],
                typed("cd /etc"),
                typed("kill demo/nginx"),
            ]
            .concat(),
        );
        let end = s.terminal.entries.back().unwrap();
        assert!(end.session_end);
        assert_eq!(end.output, "command terminated with exit code 137\n");
    }

    #[test]
    fn exit_ends_the_session_and_says_so_once() {
        let s = replay([vec![Msg::Tick(SimDuration::from_secs(6))], typed("exit 3")].concat());
        let shown = screen(&s);
        assert_eq!(
            shown,
            [
                "demo/busybox / # exit 3\ncommand terminated with exit code 3\n",
                "\n"
            ]
        );
        assert!(s.terminal.entries.back().unwrap().session_end);
        let s = s.reduce(Msg::Tick(SimDuration::from_secs(1)));
        assert_eq!(s.terminal.entries.len(), 2);
    }

    #[test]
    fn ctrl_c_drops_the_line_under_its_prompt() {
        let s = replay(vec![
            Msg::Tick(SimDuration::from_secs(6)),
            Msg::TermInput("echo half".into()),
            Msg::TermCancel,
        ]);
        assert_eq!(s.terminal.input, "");
        assert_eq!(screen(&s), ["/ # echo half^C\n"]);
        assert!(s.script.steps().is_empty(), "nothing ran, nothing recorded");
        assert!(s.terminal.history().is_empty());
    }

    #[test]
    fn a_tick_with_an_open_session_changes_nothing_of_the_terminal() {
        let s = replay([vec![Msg::Tick(SimDuration::from_secs(6))], typed("cd /")].concat());
        let next = s.clone().reduce(Msg::Tick(SimDuration::from_secs(1)));
        assert!(Rc::ptr_eq(&s.terminal, &next.terminal));
    }
}

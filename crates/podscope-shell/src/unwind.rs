//! Unwinding the frame stack for `exit`, fatal errors, `return`, `break` and `continue`:
//! each stops at its own boundary (a subshell, a command substitution, a function call, a
//! loop) and restores what the frames it drops had changed.

use super::interp::{Frame, Saved, Shell, Step, Yield};

/// Why the interpreter stops unwinding.
enum Unwind {
    /// `exit N`, a fatal error: to the nearest subshell boundary or the end.
    Exit(i32),
    /// A fatal error (ash's `EXERROR`): like `Exit`, but an interactive shell goes back to
    /// its prompt instead of ending (shell/ash.c `main`: `if (e == EXEND || e == EXEXIT ||
    /// s == 0 || iflag == 0 || shlvl) exitshell();`).
    Error(i32),
    /// `return N`: to the function call.
    Return(i32),
    /// `break N` / `continue N`.
    Break(usize, bool),
}

impl Shell {
    /// Ends the shell, or the innermost subshell, with `code` after a fatal error or `exit`.
    pub(super) fn exit_with(&mut self, code: i32) -> Step {
        self.unwind(Unwind::Exit(code))
    }

    /// A fatal error with status `code`: a non-interactive shell (or subshell) ends, an
    /// interactive one abandons the line and prompts again.
    pub(super) fn fatal(&mut self, code: i32) -> Step {
        if self.interactive {
            self.unwind(Unwind::Error(code))
        } else {
            self.exit_with(code)
        }
    }

    pub(super) fn return_with(&mut self, code: i32) -> Step {
        self.unwind(Unwind::Return(code))
    }

    /// `break N` / `continue N`: N is clamped to the enclosing loops, and outside any loop
    /// nothing happens (shell/ash.c `breakcmd`: `if (n > loopnest) n = loopnest`).
    pub(super) fn break_loops(&mut self, n: usize, cont: bool) -> Step {
        let loops = self
            .stack
            .iter()
            .rev()
            .take_while(|f| {
                !matches!(
                    f,
                    Frame::Subshell(_) | Frame::Capture { .. } | Frame::FuncReturn { .. }
                )
            })
            .filter(|f| matches!(f, Frame::Loop { .. } | Frame::For { .. }))
            .count();
        self.status = 0;
        if loops == 0 {
            return Step::Continue;
        }
        self.unwind(Unwind::Break(n.clamp(1, loops), cont))
    }

    fn unwind(&mut self, why: Unwind) -> Step {
        let mut breaks_left = match why {
            Unwind::Break(n, _) => n,
            _ => 0,
        };
        loop {
            let Some(frame) = self.stack.pop() else {
                match why {
                    Unwind::Error(code) if self.interactive => {
                        self.status = code;
                        return Step::Continue;
                    }
                    Unwind::Exit(code) | Unwind::Error(code) | Unwind::Return(code) => {
                        self.status = code;
                        return Step::Yield(Yield::Exited(code));
                    }
                    Unwind::Break(..) => return Step::Continue,
                }
            };
            match frame {
                Frame::Subshell(saved) => {
                    if let Unwind::Break(..) = why {
                        self.stack.push(Frame::Subshell(saved));
                        return Step::Continue;
                    }
                    let code = match why {
                        Unwind::Exit(c) | Unwind::Error(c) | Unwind::Return(c) => c,
                        Unwind::Break(..) => self.status,
                    };
                    self.restore(*saved);
                    self.status = code;
                    return Step::Continue;
                }
                Frame::Capture { buf, saved } => {
                    if let Unwind::Break(..) = why {
                        self.stack.push(Frame::Capture { buf, saved });
                        return Step::Continue;
                    }
                    if let Unwind::Exit(c) | Unwind::Error(c) | Unwind::Return(c) = why {
                        self.status = c;
                    }
                    self.finish_capture(buf, *saved);
                    return Step::Continue;
                }
                Frame::FuncReturn { saved_args } => {
                    if let Unwind::Return(code) = why {
                        self.args = saved_args;
                        self.status = code;
                        return Step::Continue;
                    }
                    if let Unwind::Break(..) = why {
                        self.stack.push(Frame::FuncReturn { saved_args });
                        return Step::Continue;
                    }
                    self.args = saved_args;
                }
                Frame::RestoreFds(fds) => self.set_fds(fds),
                Frame::Pipeline { outer, .. } => self.set_fds(outer),
                Frame::Loop { .. } | Frame::For { .. } => {
                    if let Unwind::Break(_, cont) = why {
                        breaks_left -= 1;
                        if breaks_left == 0 {
                            self.status = 0;
                            if cont {
                                // Continue: the loop frame goes back on top and steps on.
                                let frame = match frame {
                                    Frame::Loop { node, .. } => Frame::Loop {
                                        node,
                                        in_body: true,
                                        body_status: 0,
                                    },
                                    other => other,
                                };
                                self.stack.push(frame);
                            }
                            return Step::Continue;
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// A command substitution's body ended: hand its output to the waiting `Subs` frame.
    pub(super) fn finish_capture(&mut self, buf: u32, saved: Saved) {
        let mut text = self
            .bufs
            .get(&buf)
            .map(|b| b.data.clone())
            .unwrap_or_default();
        while text.ends_with('\n') {
            text.pop();
        }
        self.restore(saved);
        let status = self.status;
        if let Some(Frame::Subs {
            results, status: s, ..
        }) = self.stack.last_mut()
        {
            results.push(text);
            *s = Some(status);
        }
    }
}

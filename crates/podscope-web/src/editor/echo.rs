//! Telling the editor's own edits, coming back as the state's text, from text that changed
//! elsewhere (an example loaded, a share link, a replayed scenario).
//!
//! Each edit goes out as `Msg::Edit` and comes back as the editor's `yaml` prop on a later
//! render. If the user types faster than the page renders, a render can bring back an older
//! edit than the editor now holds; writing that into the editor would undo the newer keys and
//! move the cursor. So the editor remembers what it sent until it sees it back.

use std::collections::VecDeque;

/// How many unseen edits are kept. The reducer takes every `Msg::Edit` in order, so only a
/// no-op edit (a text equal to the state's) is never seen back; the bound forgets those.
const KEEP: usize = 16;

/// The texts the editor sent that the state has not shown back yet, oldest first.
#[derive(Debug, Default)]
pub struct Echoes {
    sent: VecDeque<String>,
}

impl Echoes {
    /// The editor sent `text`.
    pub fn sent(&mut self, text: String) {
        if self.sent.len() == KEEP {
            self.sent.pop_front();
        }
        self.sent.push_back(text);
    }

    /// The state's text is now `text`: true if it is one of the editor's own edits (and what
    /// was sent before it is then seen too), false if it came from elsewhere and belongs in the
    /// editor.
    pub fn is_echo(&mut self, text: &str) -> bool {
        match self.sent.iter().position(|t| t == text) {
            Some(i) => {
                self.sent.drain(..=i);
                true
            }
            None => {
                self.sent.clear();
                false
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_older_edit_coming_back_is_not_written_over_a_newer_one() {
        let mut e = Echoes::default();
        e.sent("a".into());
        e.sent("ab".into());
        assert!(e.is_echo("a"), "the render of the first key");
        assert!(e.is_echo("ab"));
        assert!(!e.is_echo("example"), "text from elsewhere");
    }

    #[test]
    fn text_from_elsewhere_forgets_what_was_sent() {
        let mut e = Echoes::default();
        e.sent("a".into());
        assert!(!e.is_echo("loaded"));
        assert!(
            !e.is_echo("a"),
            "forgotten: a later `a` comes from elsewhere"
        );
    }

    #[test]
    fn unseen_edits_are_bounded() {
        let mut e = Echoes::default();
        for i in 0..100 {
            e.sent(i.to_string());
        }
        assert_eq!(e.sent.len(), KEEP);
        assert!(e.is_echo("99"));
        assert!(e.sent.is_empty());
    }
}

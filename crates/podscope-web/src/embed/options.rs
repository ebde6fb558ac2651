//! The embed's options, read from its URL query (`?panels=events&tour&height=420`): a pure
//! function, so every value is tested natively. Unknown or bad values become short notes the
//! embed shows as text; nothing here can fail.

use podscope_core::Runtime;

use crate::panels::tab::Tab;

/// The longest piece of a bad option a note quotes: a link may carry anything.
const QUOTE_CHARS: usize = 40;
/// At most this many notes: a long query is not a wall of text.
const MAX_NOTES: usize = 5;
/// The `height=N` range, in CSS pixels.
const MIN_HEIGHT: u32 = 120;
const MAX_HEIGHT: u32 = 4000;

/// A panel the embed may show below the diagram.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EmbedPanel {
    /// The manifest in a plain textarea (read only with `readonly`).
    Editor,
    Terminal,
    Events,
    Node,
    Inspector,
}

impl EmbedPanel {
    pub const ALL: [EmbedPanel; 5] = [
        EmbedPanel::Editor,
        EmbedPanel::Terminal,
        EmbedPanel::Events,
        EmbedPanel::Node,
        EmbedPanel::Inspector,
    ];

    /// The word in `panels=`.
    pub fn as_str(self) -> &'static str {
        match self {
            EmbedPanel::Editor => "editor",
            EmbedPanel::Terminal => "terminal",
            EmbedPanel::Events => "events",
            EmbedPanel::Node => "node",
            EmbedPanel::Inspector => "inspector",
        }
    }

    fn parse(word: &str) -> Option<Self> {
        EmbedPanel::ALL.into_iter().find(|p| p.as_str() == word)
    }

    /// The full page's tab that shows it (the editor is not a tab).
    pub fn tab(self) -> Option<Tab> {
        match self {
            EmbedPanel::Editor => None,
            EmbedPanel::Terminal => Some(Tab::Terminal),
            EmbedPanel::Events => Some(Tab::Events),
            EmbedPanel::Node => Some(Tab::Node),
            EmbedPanel::Inspector => Some(Tab::Inspector),
        }
    }
}

/// The embed's colours.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum EmbedTheme {
    /// Follow `prefers-color-scheme` (and the host page's theme messages).
    #[default]
    Auto,
    Light,
    Dark,
}

impl EmbedTheme {
    pub fn parse(word: &str) -> Option<Self> {
        match word {
            "auto" => Some(EmbedTheme::Auto),
            "light" => Some(EmbedTheme::Light),
            "dark" => Some(EmbedTheme::Dark),
            _ => None,
        }
    }
}

/// What the query asked for. `Default` is an embed with no query: the diagram and the clock.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EmbedOptions {
    /// `runtime=`: overrides the bundle's runtime.
    pub runtime: Option<Runtime>,
    /// `panels=`, in the order given, without repeats.
    pub panels: Vec<EmbedPanel>,
    /// `readonly`: the editor cannot change the pod.
    pub readonly: bool,
    pub theme: EmbedTheme,
    /// `autoplay`: the scenario plays at 1×.
    pub autoplay: bool,
    /// `tour`: the TourBox shows the scenario's narration stop by stop.
    pub tour: bool,
    /// `height=N`: the embed's minimum height in CSS pixels.
    pub height: Option<u32>,
    /// What was ignored, as sentences to show (as text).
    pub notes: Vec<String>,
}

impl EmbedOptions {
    /// Reads a URL query, with or without its `?`. Keys are case-sensitive; a flag is on when
    /// present, or `=1`/`=true`/`=yes`, off with `=0`/`=false`/`=no`.
    pub fn parse(query: &str) -> EmbedOptions {
        let mut options = EmbedOptions::default();
        let query = query.strip_prefix('?').unwrap_or(query);
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = match pair.split_once('=') {
                Some((k, v)) => (decode(k), Some(decode(v))),
                None => (decode(pair), None),
            };
            options.read(&key, value.as_deref());
        }
        options.notes.truncate(MAX_NOTES);
        options
    }

    fn read(&mut self, key: &str, value: Option<&str>) {
        match key {
            "runtime" => match value.unwrap_or_default().parse::<Runtime>() {
                Ok(r) => self.runtime = Some(r),
                Err(e) => self.note(format!("runtime ignored: {}", quoted_error(&e.0))),
            },
            "panels" => {
                for word in value.unwrap_or_default().split(',').map(str::trim) {
                    match EmbedPanel::parse(word) {
                        Some(p) if !self.panels.contains(&p) => self.panels.push(p),
                        Some(_) => {}
                        None if word.is_empty() => {}
                        None => self.note(format!(
                            "unknown panel {}: panels are editor, terminal, events, node, inspector",
                            quote(word)
                        )),
                    }
                }
            }
            "theme" => match value.and_then(EmbedTheme::parse) {
                Some(t) => self.theme = t,
                None => self.note(format!(
                    "theme ignored: {} is not light, dark or auto",
                    quote(value.unwrap_or_default())
                )),
            },
            "height" => match value.and_then(|v| v.parse::<u32>().ok()) {
                Some(h) if (MIN_HEIGHT..=MAX_HEIGHT).contains(&h) => self.height = Some(h),
                _ => self.note(format!(
                    "height ignored: {} is not a number of pixels from {MIN_HEIGHT} to {MAX_HEIGHT}",
                    quote(value.unwrap_or_default())
                )),
            },
            "readonly" | "autoplay" | "tour" => match flag(value) {
                Some(on) => match key {
                    "readonly" => self.readonly = on,
                    "autoplay" => self.autoplay = on,
                    _ => self.tour = on,
                },
                None => self.note(format!(
                    "{key} ignored: {} is not on or off (1, 0, true, false, yes, no)",
                    quote(value.unwrap_or_default())
                )),
            },
            other => self.note(format!("unknown option {} ignored", quote(other))),
        }
    }

    fn note(&mut self, note: String) {
        if self.notes.len() < MAX_NOTES {
            self.notes.push(note);
        }
    }

    /// Whether the embed shows a panel of the terminal's strip.
    pub fn has_tabs(&self) -> bool {
        self.panels.iter().any(|p| p.tab().is_some())
    }

    /// The query that gives these options back (notes aside): the embed's own links.
    pub fn to_query(&self) -> String {
        let mut parts = Vec::new();
        if let Some(r) = self.runtime {
            parts.push(format!("runtime={r}"));
        }
        if !self.panels.is_empty() {
            let words: Vec<_> = self.panels.iter().map(|p| p.as_str()).collect();
            parts.push(format!("panels={}", words.join(",")));
        }
        for (on, word) in [
            (self.readonly, "readonly"),
            (self.autoplay, "autoplay"),
            (self.tour, "tour"),
        ] {
            if on {
                parts.push(word.to_owned());
            }
        }
        match self.theme {
            EmbedTheme::Auto => {}
            EmbedTheme::Light => parts.push("theme=light".to_owned()),
            EmbedTheme::Dark => parts.push("theme=dark".to_owned()),
        }
        if let Some(h) = self.height {
            parts.push(format!("height={h}"));
        }
        parts.join("&")
    }
}

fn flag(value: Option<&str>) -> Option<bool> {
    match value {
        None | Some("" | "1" | "true" | "yes") => Some(true),
        Some("0" | "false" | "no") => Some(false),
        Some(_) => None,
    }
}

/// `"word"`, cut to `QUOTE_CHARS` characters.
fn quote(text: &str) -> String {
    let cut: String = text.chars().take(QUOTE_CHARS).collect();
    if cut.len() < text.len() {
        format!("{:?}…", cut)
    } else {
        format!("{cut:?}")
    }
}

fn quoted_error(value: &str) -> String {
    format!(
        "unknown runtime {}: supported values: containerd, cri-o, docker",
        quote(value)
    )
}

/// Percent-decoding of a query part (`+` is a space); a bad escape stays as written and bytes
/// that are not UTF-8 become U+FFFD.
fn decode(part: &str) -> String {
    let bytes = part.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = |at: usize| {
            bytes
                .get(at)
                .and_then(|c| (*c as char).to_digit(16))
                .map(|d| d as u8)
        };
        match b {
            b'+' => out.push(b' '),
            b'%' => match (hex(i + 1), hex(i + 2)) {
                (Some(hi), Some(lo)) => {
                    out.push(hi * 16 + lo);
                    i += 2;
                }
                _ => out.push(b),
            },
            _ => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_query_is_the_diagram_and_the_clock_only() {
        assert_eq!(EmbedOptions::parse(""), EmbedOptions::default());
        assert_eq!(EmbedOptions::parse("?"), EmbedOptions::default());
        assert!(EmbedOptions::default().panels.is_empty());
    }

    #[test]
    fn every_option_reads() {
        let o = EmbedOptions::parse(
            "?runtime=cri-o&panels=editor,events,inspector&readonly&theme=dark&autoplay=1&tour=yes&height=420",
        );
        assert_eq!(o.runtime, Some(Runtime::CriO));
        assert_eq!(
            o.panels,
            vec![
                EmbedPanel::Editor,
                EmbedPanel::Events,
                EmbedPanel::Inspector
            ]
        );
        assert!(o.readonly && o.autoplay && o.tour);
        assert_eq!(o.theme, EmbedTheme::Dark);
        assert_eq!(o.height, Some(420));
        assert!(o.notes.is_empty(), "{:?}", o.notes);
        assert!(o.has_tabs());
        assert_eq!(EmbedOptions::parse(&o.to_query()), o);
    }

    #[test]
    fn percent_escapes_and_off_flags() {
        let o = EmbedOptions::parse("panels=terminal%2Cnode&tour=0&readonly=false&runtime=docker");
        assert_eq!(o.panels, vec![EmbedPanel::Terminal, EmbedPanel::Node]);
        assert!(!o.tour && !o.readonly);
        assert_eq!(o.runtime, Some(Runtime::Docker));
        assert!(o.notes.is_empty());
    }

    #[test]
    fn bad_values_are_notes_and_change_nothing() {
        let o = EmbedOptions::parse(
            "runtime=rkt&panels=events,bogus&theme=sepia&height=12&height=abc&tour=maybe&colour=red",
        );
        assert_eq!(o.runtime, None);
        assert_eq!(o.panels, vec![EmbedPanel::Events]);
        assert_eq!(o.theme, EmbedTheme::Auto);
        assert_eq!(o.height, None);
        assert!(!o.tour);
        assert_eq!(
            o.notes,
            vec![
                "runtime ignored: unknown runtime \"rkt\": supported values: containerd, cri-o, docker",
                "unknown panel \"bogus\": panels are editor, terminal, events, node, inspector",
                "theme ignored: \"sepia\" is not light, dark or auto",
                "height ignored: \"12\" is not a number of pixels from 120 to 4000",
                "height ignored: \"abc\" is not a number of pixels from 120 to 4000",
            ]
        );
    }

    #[test]
    fn hostile_values_are_quoted_short_and_never_break_parsing() {
        let long = "x".repeat(500);
        let o = EmbedOptions::parse(&format!(
            "<script>alert(1)</script>={long}&%ff%fe&%zz&&==&tour"
        ));
        assert!(o.tour, "later options still read");
        assert!(o.notes[0].starts_with("unknown option \"<script>alert(1)</script>\""));
        assert!(
            o.notes.iter().all(|n| n.chars().count() < 120),
            "{:?}",
            o.notes
        );
        assert!(
            o.notes.iter().any(|n| n.contains('\u{fffd}')),
            "bad UTF-8 is replaced"
        );
        let many = "a&".repeat(100);
        assert_eq!(EmbedOptions::parse(&many).notes.len(), MAX_NOTES);
    }
}

//! The colours of the drawing in each theme: the page's CSS custom properties
//! (`web/style.css` and `web/css/diagram.css`) resolved to their values, so the file looks as
//! the page does without the page's style sheets. A test reads both files and compares every
//! entry, so a colour changed in the CSS cannot drift from the export.

use crate::views::layout::PALETTE_SIZE;

/// Light or dark: which side of the CSS's `light-dark()` pairs and which `--dg-*` block.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Theme {
    #[default]
    Light,
    Dark,
}

impl Theme {
    pub const ALL: [Theme; 2] = [Theme::Light, Theme::Dark];

    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    /// The colours of this theme.
    pub fn palette(self) -> &'static Palette {
        match self {
            Theme::Light => &LIGHT,
            Theme::Dark => &DARK,
        }
    }
}

impl std::fmt::Display for Theme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A theme name that is neither `light` nor `dark`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownTheme(pub String);

impl std::fmt::Display for UnknownTheme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "unknown theme {:?}: light or dark", self.0)
    }
}

impl std::error::Error for UnknownTheme {}

impl std::str::FromStr for Theme {
    type Err = UnknownTheme;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "light" => Ok(Theme::Light),
            "dark" => Ok(Theme::Dark),
            other => Err(UnknownTheme(other.to_owned())),
        }
    }
}

/// One namespace colour: the chip's fill and its outline (`--nsN`, `--nsN-line`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NsColor {
    pub fill: &'static str,
    pub line: &'static str,
}

/// Every colour the drawing uses, each named after the CSS custom property it copies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Palette {
    /// `--bg`: the page behind the diagram.
    pub bg: &'static str,
    /// `--fg`: text.
    pub fg: &'static str,
    /// `--muted`: secondary text.
    pub muted: &'static str,
    /// `--line`: a container's outline.
    pub line: &'static str,
    /// `--pod`, `--pod-line`: the pod's box.
    pub pod: &'static str,
    pub pod_line: &'static str,
    /// `--sandbox`, `--sandbox-line`: the pause container's box.
    pub sandbox: &'static str,
    pub sandbox_line: &'static str,
    /// `--box`: a container's fill.
    pub boxed: &'static str,
    /// `--err`: crash loops, errors, the Pending reason.
    pub err: &'static str,
    /// `--ok`: a running container's outline.
    pub ok: &'static str,
    /// `--chip-fg`: a namespace chip's label.
    pub chip_fg: &'static str,
    /// `--ns0` … `--ns11` with their `-line`s.
    pub ns: [NsColor; PALETTE_SIZE],
    /// `--dg-ok`: the fix button, a ready folded pod.
    pub dg_ok: &'static str,
    /// `--dg-warn`: waiting, stopping, a changed IP, a folded pod not ready.
    pub dg_warn: &'static str,
    /// `--dg-bad` (`var(--err)`): a sandbox not ready, a missing volume source.
    pub dg_bad: &'static str,
    /// `--dg-none`: no state, completed, a sandbox gone.
    pub dg_none: &'static str,
    /// `--dg-disk`, `--dg-disk-line`: volumes and mount lines.
    pub dg_disk: &'static str,
    pub dg_disk_line: &'static str,
    /// `--dg-svc`, `--dg-svc-line`: Services and their endpoint lines.
    pub dg_svc: &'static str,
    pub dg_svc_line: &'static str,
    /// `--dg-row`: a folded pod's row.
    pub dg_row: &'static str,
}

const fn ns(fill: &'static str, line: &'static str) -> NsColor {
    NsColor { fill, line }
}

/// `light-dark(LIGHT, …)` of web/style.css and the `:root` block of web/css/diagram.css.
pub const LIGHT: Palette = Palette {
    bg: "#f7f8fa",
    fg: "#1d2430",
    muted: "#5b6575",
    line: "#d5dae3",
    pod: "#eef3ff",
    pod_line: "#8aa2d8",
    sandbox: "#fff7e6",
    sandbox_line: "#d9a640",
    boxed: "#ffffff",
    err: "#b3261e",
    ok: "#3c8d5a",
    chip_fg: "#1d2430",
    ns: [
        ns("#dbe9ff", "#2f6fde"),
        ns("#ffe3d6", "#d4581f"),
        ns("#dcf5e3", "#2e9651"),
        ns("#f1e0ff", "#8a3fd1"),
        ns("#fff3c4", "#b08a00"),
        ns("#d6f4f7", "#11808e"),
        ns("#ffdce8", "#c5326b"),
        ns("#e6ecd2", "#66772a"),
        ns("#e3e3f7", "#4b4bb3"),
        ns("#f7e6d9", "#98572a"),
        ns("#dff0f0", "#3d7f7f"),
        ns("#eeeeee", "#666666"),
    ],
    dg_ok: "#2e7d4f",
    dg_warn: "#b06a00",
    dg_bad: "#b3261e",
    dg_none: "#9aa4b4",
    dg_disk: "#f1f4f9",
    dg_disk_line: "#7c8aa5",
    dg_svc: "#eef9f1",
    dg_svc_line: "#3c8d5a",
    dg_row: "#ffffff",
};

/// `light-dark(…, DARK)` of web/style.css and the `[data-theme="dark"]` block of
/// web/css/diagram.css.
pub const DARK: Palette = Palette {
    bg: "#14171c",
    fg: "#e4e8ef",
    muted: "#9aa4b4",
    line: "#343b47",
    pod: "#1b2438",
    pod_line: "#5d78b8",
    sandbox: "#2b2413",
    sandbox_line: "#a98132",
    boxed: "#222832",
    err: "#ff8a80",
    ok: "#6cc48a",
    chip_fg: "#e4e8ef",
    ns: [
        ns("#1c3358", "#6d9cf0"),
        ns("#4d2a19", "#f08a5a"),
        ns("#1b3d26", "#5cc47f"),
        ns("#37244d", "#b77ff0"),
        ns("#433a12", "#e0bc3a"),
        ns("#143c41", "#4cc1cf"),
        ns("#4a1d2e", "#ee6f9d"),
        ns("#2f361b", "#a4b860"),
        ns("#2a2a4e", "#8c8cec"),
        ns("#41291a", "#d39060"),
        ns("#1e3838", "#72b8b8"),
        ns("#333333", "#a0a0a0"),
    ],
    dg_ok: "#6fcf97",
    dg_warn: "#f2b950",
    dg_bad: "#ff8a80",
    dg_none: "#6b7585",
    dg_disk: "#252b36",
    dg_disk_line: "#8796b3",
    dg_svc: "#17291f",
    dg_svc_line: "#6fcf97",
    dg_row: "#1f242c",
};

impl Palette {
    /// Every entry with the name of the CSS custom property it copies (`--pod-line`).
    pub fn vars(&self) -> Vec<(String, &'static str)> {
        let mut out: Vec<(String, &'static str)> = [
            ("--bg", self.bg),
            ("--fg", self.fg),
            ("--muted", self.muted),
            ("--line", self.line),
            ("--pod", self.pod),
            ("--pod-line", self.pod_line),
            ("--sandbox", self.sandbox),
            ("--sandbox-line", self.sandbox_line),
            ("--box", self.boxed),
            ("--err", self.err),
            ("--ok", self.ok),
            ("--chip-fg", self.chip_fg),
            ("--dg-ok", self.dg_ok),
            ("--dg-warn", self.dg_warn),
            ("--dg-bad", self.dg_bad),
            ("--dg-none", self.dg_none),
            ("--dg-disk", self.dg_disk),
            ("--dg-disk-line", self.dg_disk_line),
            ("--dg-svc", self.dg_svc),
            ("--dg-svc-line", self.dg_svc_line),
            ("--dg-row", self.dg_row),
        ]
        .into_iter()
        .map(|(name, value)| (name.to_owned(), value))
        .collect();
        for (i, c) in self.ns.iter().enumerate() {
            out.push((format!("--ns{i}"), c.fill));
            out.push((format!("--ns{i}-line"), c.line));
        }
        out
    }
}

//! The tabs below the diagram and how the arrow keys move between them (the WAI-ARIA
//! Authoring Practices' tabs pattern with automatic activation: Left/Right wrap around, Home
//! and End go to the first and last tab).

/// One tab of the strip, in the strip's order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tab {
    #[default]
    Terminal,
    Events,
    Node,
    Inspector,
    /// The Runtimes tab (the "compare" part): the pod under each runtime side by side.
    Compare,
}

/// A key that moves the selection in the tab list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TabKey {
    Next,
    Previous,
    First,
    Last,
}

impl TabKey {
    /// The key a `KeyboardEvent.key` names, if it moves the selection.
    pub fn from_key(key: &str) -> Option<Self> {
        match key {
            "ArrowRight" => Some(TabKey::Next),
            "ArrowLeft" => Some(TabKey::Previous),
            "Home" => Some(TabKey::First),
            "End" => Some(TabKey::Last),
            _ => None,
        }
    }
}

impl Tab {
    pub const ALL: [Tab; 5] = [
        Tab::Terminal,
        Tab::Events,
        Tab::Node,
        Tab::Inspector,
        Tab::Compare,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Tab::Terminal => "Terminal",
            Tab::Events => "Events",
            Tab::Node => "Node",
            Tab::Inspector => "Inspector",
            Tab::Compare => "Runtimes",
        }
    }

    /// The word in its ids and test ids: `tab-events`, `panel-events`.
    pub fn slug(self) -> &'static str {
        match self {
            Tab::Terminal => "terminal",
            Tab::Events => "events",
            Tab::Node => "node",
            Tab::Inspector => "inspector",
            Tab::Compare => "compare",
        }
    }

    fn index(self) -> usize {
        Tab::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }

    /// The tab a key moves to from this one.
    pub fn moved(self, key: TabKey) -> Tab {
        let n = Tab::ALL.len();
        let i = match key {
            TabKey::Next => (self.index() + 1) % n,
            TabKey::Previous => (self.index() + n - 1) % n,
            TabKey::First => 0,
            TabKey::Last => n - 1,
        };
        Tab::ALL[i]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrows_wrap_and_home_end_jump() {
        assert_eq!(Tab::Terminal.moved(TabKey::Next), Tab::Events);
        assert_eq!(Tab::Inspector.moved(TabKey::Next), Tab::Compare);
        assert_eq!(Tab::Compare.moved(TabKey::Next), Tab::Terminal);
        assert_eq!(Tab::Terminal.moved(TabKey::Previous), Tab::Compare);
        assert_eq!(Tab::Node.moved(TabKey::Previous), Tab::Events);
        assert_eq!(Tab::Node.moved(TabKey::First), Tab::Terminal);
        assert_eq!(Tab::Events.moved(TabKey::Last), Tab::Compare);
        assert_eq!(TabKey::from_key("ArrowDown"), None, "a horizontal list");
        assert_eq!(TabKey::from_key("End"), Some(TabKey::Last));
    }
}

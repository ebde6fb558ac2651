//! The colour theme: the system's (`prefers-color-scheme`), light or dark. The choice is
//! saved and set as `data-theme` on <html>; style.css defines every colour for both themes
//! with `light-dark()` and `color-scheme`, which follows the system unless `data-theme` says
//! otherwise.

use yew::prelude::*;

use crate::storage;

/// The user's choice of colours.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    /// Follow `prefers-color-scheme`.
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];

    /// The word saved and set as `data-theme`.
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    /// The theme `as_str` wrote; `None` for anything else.
    pub fn parse(word: &str) -> Option<Self> {
        Theme::ALL.into_iter().find(|t| t.as_str() == word)
    }

    pub fn label(self) -> &'static str {
        match self {
            Theme::System => "System theme",
            Theme::Light => "Light",
            Theme::Dark => "Dark",
        }
    }
}

/// Sets `data-theme` on <html> (removes it for the system's theme).
pub fn apply(theme: Theme) {
    let Some(html) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    let _ = match theme {
        Theme::System => html.remove_attribute("data-theme"),
        other => html.set_attribute("data-theme", other.as_str()),
    };
}

/// The theme picker in the header.
#[component(ThemeToggle)]
pub fn theme_toggle() -> Html {
    let theme = use_state(|| {
        let saved = storage::load_theme()
            .and_then(|t| Theme::parse(&t))
            .unwrap_or_default();
        apply(saved);
        saved
    });
    let onchange = {
        let theme = theme.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let chosen = Theme::parse(&select.value()).unwrap_or_default();
            apply(chosen);
            storage::save_theme(chosen.as_str());
            theme.set(chosen);
        })
    };
    html! {
        <label class="theme-toggle">
            <span class="visually-hidden">{"Colour theme"}</span>
            <select data-testid="theme-toggle" aria-label="Colour theme" {onchange}>
                { for Theme::ALL.iter().map(|t| html! {
                    <option value={t.as_str()} selected={*theme == *t}>{t.label()}</option>
                }) }
            </select>
        </label>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_saved_word_reads_back() {
        for t in Theme::ALL {
            assert_eq!(Theme::parse(t.as_str()), Some(t));
        }
        assert_eq!(Theme::parse("sepia"), None);
    }
}

//! What an embed opens with, from its URL: the options (query) and the content (fragment: a
//! `#v1:` link, else the demo). Pure, so it is tested natively; a bad fragment gives the demo
//! and the reason as a sentence.

use podscope_core::scenario::script::Scenario;
use podscope_core::{Bundle, Runtime, link};

use super::options::EmbedOptions;
use crate::state::DEMO_YAML;

/// The embed's starting point.
#[derive(Clone, Debug, PartialEq)]
pub struct EmbedSetup {
    pub options: EmbedOptions,
    pub manifest: String,
    pub scenario: Scenario,
    /// The query's runtime, else the bundle's, else the default.
    pub runtime: Runtime,
    /// Why the fragment was not read (shown as text above the demo).
    pub error: Option<String>,
    /// The fragment that opens the same content in the full page (with `v1:`), if the embed
    /// shows a link's content.
    pub fragment: Option<String>,
}

impl EmbedSetup {
    /// From `location.search` and `location.hash` (each with or without its `?` or `#`).
    pub fn from_url(query: &str, hash: &str) -> EmbedSetup {
        let options = EmbedOptions::parse(query);
        let hash = hash.strip_prefix('#').unwrap_or(hash);
        let (bundle, error, fragment) = if hash.is_empty() {
            (None, None, None)
        } else {
            match link::decode(hash) {
                Ok(bundle) => (Some(bundle), None, Some(hash.to_owned())),
                Err(e) => (
                    None,
                    Some(format!(
                        "This embed's link could not be read ({e}): showing the demo pod."
                    )),
                    None,
                ),
            }
        };
        let Bundle {
            manifest,
            script,
            runtime,
        } = bundle.unwrap_or_else(demo);
        EmbedSetup {
            runtime: options.runtime.or(runtime).unwrap_or_default(),
            options,
            manifest,
            scenario: script,
            error,
            fragment,
        }
    }

    /// The full page's address for the same content, relative to the embed.
    pub fn full_page_href(&self) -> String {
        match &self.fragment {
            Some(f) => format!("index.html#{f}"),
            None => "index.html".to_owned(),
        }
    }
}

/// The demo pod and its tour (the demo example).
fn demo() -> Bundle {
    let example = podscope_core::scenario::examples::ExampleId::Demo.get();
    Bundle {
        manifest: DEMO_YAML.to_owned(),
        script: example.script.parse().unwrap_or_default(),
        runtime: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::embed::options::EmbedPanel;

    #[test]
    fn no_fragment_is_the_demo_with_its_tour() {
        let s = EmbedSetup::from_url("", "");
        assert_eq!(s.manifest, DEMO_YAML);
        assert!(s.scenario.stops().len() >= 2);
        assert_eq!(s.error, None);
        assert_eq!(s.full_page_href(), "index.html");
    }

    #[test]
    fn a_link_gives_its_bundle_and_the_query_overrides_its_runtime() {
        let bundle = Bundle::parse(
            "#podscope v1 runtime=docker\napiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  containers:\n  - name: c\n    image: busybox\n---\nat 2s say hello <b>\n",
        )
        .unwrap();
        let fragment = link::encode(&bundle);
        let s = EmbedSetup::from_url("", &format!("#{fragment}"));
        assert_eq!(s.manifest, bundle.manifest);
        assert_eq!(s.runtime, Runtime::Docker);
        assert_eq!(
            s.scenario.stops().next().unwrap().narration.text,
            "hello <b>"
        );
        assert_eq!(s.full_page_href(), format!("index.html#{fragment}"));
        let s = EmbedSetup::from_url("?runtime=cri-o&panels=node", &fragment);
        assert_eq!(s.runtime, Runtime::CriO);
        assert_eq!(s.options.panels, vec![EmbedPanel::Node]);
    }

    #[test]
    fn a_bad_fragment_is_the_demo_and_a_sentence() {
        for bad in ["#v1:!!!", "#v9:abc", "#v1:", "#section-2"] {
            let s = EmbedSetup::from_url("", bad);
            assert_eq!(s.manifest, DEMO_YAML, "{bad}");
            let error = s.error.clone().expect("a reason");
            assert!(
                error.starts_with("This embed's link could not be read ("),
                "{error}"
            );
            assert_eq!(s.full_page_href(), "index.html");
        }
    }
}

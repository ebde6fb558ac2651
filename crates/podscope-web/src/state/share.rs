//! The "share" part of the reducer: the Share dialog's link and snippets for the state as it
//! is, and a shared state opened from a link (at startup or on `hashchange`) without losing
//! the user's own session: it is kept to restore, and storage keeps it until the user edits.

use std::rc::Rc;

#[cfg(test)]
use podscope_core::LinkError;
use podscope_core::model::time::SimTime;
use podscope_core::{Bundle, Runtime, link};

use super::examples::is_example_text;
use super::{EditMode, State};
use crate::share::snippets::Snippets;

/// Where the Share button is: one of four, so a pending share, an open dialog and an error
/// never stand together.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum ShareState {
    #[default]
    Closed,
    /// Waiting for the browser to deflate the state's text.
    Pending(Rc<PendingShare>),
    /// The dialog, open, with its link and snippets.
    Open(Rc<Snippets>),
    /// The browser could not deflate: why, shown beside the button.
    Failed(String),
}

impl ShareState {
    /// The open dialog's link and snippets.
    pub fn snippets(&self) -> Option<Rc<Snippets>> {
        match self {
            ShareState::Open(s) => Some(s.clone()),
            _ => None,
        }
    }

    /// The share waiting for the deflate.
    pub fn pending(&self) -> Option<Rc<PendingShare>> {
        match self {
            ShareState::Pending(p) => Some(p.clone()),
            _ => None,
        }
    }

    /// Why the last share failed.
    pub fn error(&self) -> Option<String> {
        match self {
            ShareState::Failed(e) => Some(e.clone()),
            _ => None,
        }
    }
}

/// A Share waiting for the browser's deflate: the state as it was when Share was pressed.
#[derive(Debug, PartialEq)]
pub struct PendingShare {
    /// The page's address.
    pub page: String,
    pub bundle: Bundle,
    /// `bundle.to_text()`: what the browser deflates.
    pub text: String,
    /// The first pod's name, for the iframe's title.
    pub pod: String,
}

/// A saved or open session, as storage keeps it: what "Restore my text" brings back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Kept {
    /// The editor's text.
    pub text: String,
    /// The manifest the world started from and the recorded actions; `None` when only the
    /// text was saved.
    pub replay: Option<(String, String)>,
    pub mode: EditMode,
    pub runtime: Runtime,
}

/// What the banner over the diagram says after a link was opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkNotice {
    /// `None`: the link opened; else why it did not (the `LinkError`'s sentence, shown as
    /// text), and the page shows the default example.
    pub failure: Option<String>,
    /// The user's own session the link's state replaced, to restore.
    pub kept: Option<Rc<Kept>>,
    /// The shared moment the link opened at (`None` for a bad link, or a manifest with
    /// errors).
    pub at: Option<SimTime>,
}

impl Kept {
    /// The kept session as a reload opens it.
    fn reopen(&self) -> State {
        match &self.replay {
            Some((manifest, script)) => State::restored_on(
                self.runtime,
                manifest.clone(),
                script,
                self.text.clone(),
                self.mode,
            ),
            None => {
                let mut state = State::on(self.runtime, self.text.clone());
                state.mode = self.mode;
                state
            }
        }
    }

    /// Whether this session is the user's own work that `manifest` would replace: some text
    /// that is neither the link's manifest nor an example's.
    fn is_own_work_beside(&self, manifest: Option<&str>) -> bool {
        !self.text.trim().is_empty()
            && Some(self.text.as_str()) != manifest
            && !is_example_text(&self.text)
    }
}

impl State {
    /// The page opened with a link in its address (`fragment`, with or without `#`), over the
    /// saved session `saved`, if any. The link's state replayed to its shared moment with
    /// the clock paused, or the default example and the reason; the saved session is kept to
    /// restore when it is the user's own text, and storage is not written until they edit.
    pub fn from_link(fragment: &str, saved: Option<Kept>) -> State {
        let fallback = saved.as_ref().map(|s| s.runtime).unwrap_or_default();
        match link::decode(fragment) {
            Ok(bundle) => {
                let kept = saved
                    .filter(|s| s.is_own_work_beside(Some(&bundle.manifest)))
                    .map(Rc::new);
                let mut state = State::shared(&bundle, fallback);
                state.link_notice = Some(LinkNotice {
                    failure: None,
                    kept: kept.clone(),
                    at: state.world().map(|w| w.now()),
                });
                state.storage_held = kept.is_some();
                state
            }
            Err(e) => {
                let kept = saved.filter(|s| s.is_own_work_beside(None)).map(Rc::new);
                let mut state = State::on(fallback, super::DEMO_YAML.to_owned());
                state.link_notice = Some(LinkNotice {
                    failure: Some(e.to_string()),
                    kept,
                    at: None,
                });
                // The example is no one's work: storage keeps what it holds until an edit.
                state.storage_held = true;
                state
            }
        }
    }

    /// A bundle's world: its manifest under its runtime (else `fallback`), the script
    /// replayed to its end, the clock paused there.
    fn shared(bundle: &Bundle, fallback: Runtime) -> State {
        let runtime = bundle.runtime.unwrap_or(fallback);
        let script = bundle.script.to_string();
        let mut state = State::on(runtime, bundle.manifest.clone());
        if !script.trim().is_empty() {
            state = state.with_scenario(bundle.manifest.clone(), &script);
        }
        state.clock.playing = false;
        state
    }

    /// The session open now, as storage would save it.
    fn as_kept(&self) -> Kept {
        Kept {
            text: self.yaml.clone(),
            replay: (!self.base_yaml.is_empty())
                .then(|| (self.base_yaml.clone(), self.script.to_string())),
            mode: self.mode,
            runtime: self.runtime,
        }
    }

    /// The bundle a share link carries for this state: the manifest the world started from,
    /// the recording up to now (narration kept) and the runtime.
    pub fn bundle(&self) -> Bundle {
        Bundle {
            manifest: self.base_yaml.clone(),
            script: self.recording(),
            runtime: Some(self.runtime),
        }
    }

    /// Whether the page writes nothing to storage: a link's state (or the example a bad link
    /// left) is showing over the user's saved session, which storage keeps until they edit or
    /// keep the shared pod.
    pub fn holds_storage(&self) -> bool {
        self.storage_held
    }

    /// `Msg::Share`: the state as it is, on `page` (the page's address; its fragment is
    /// dropped), waiting for the browser to deflate its bundle's text (`finish_share`).
    pub(super) fn open_share(self: Rc<Self>, page: &str) -> Rc<Self> {
        let bundle = self.bundle();
        let pending = PendingShare {
            page: page.to_owned(),
            text: bundle.to_text(),
            bundle,
            pod: self.pod_title(),
        };
        self.with(|s| s.share = ShareState::Pending(Rc::new(pending)))
    }

    /// `Msg::ShareDeflated`: the dialog's link and snippets, once the pending share's text
    /// (only that one: a later Share replaced an earlier) is deflated.
    pub(super) fn finish_share(self: Rc<Self>, text: &str, deflated: &[u8]) -> Rc<Self> {
        let Some(p) = self.share.pending().filter(|p| p.text == text) else {
            return self;
        };
        let snippets = Snippets::new(&p.page, &p.bundle, &p.pod, &link::from_deflated(deflated));
        self.with(|s| s.share = ShareState::Open(Rc::new(snippets)))
    }

    /// `Msg::ShareFailed`: no dialog; the Share button says why.
    pub(super) fn fail_share(self: Rc<Self>, reason: String) -> Rc<Self> {
        self.with(|s| s.share = ShareState::Failed(reason))
    }

    /// The first pod's name, for the iframe's title ("podscope: demo").
    fn pod_title(&self) -> String {
        self.world()
            .and_then(|w| w.pods().next().map(|p| p.spec.key.name.clone()))
            .unwrap_or_else(|| "pod".to_owned())
    }

    /// `Msg::OpenLink`: a link pasted into the address bar of the open page opens as at
    /// startup, over the session open now (kept to restore). Anchors are ignored.
    pub(super) fn open_link(self: Rc<Self>, fragment: &str) -> Rc<Self> {
        if !link::is_link(fragment) {
            return self;
        }
        // A session already kept (storage still holds it) stays the one to restore.
        let saved = match (&self.link_notice, self.storage_held) {
            (Some(LinkNotice { kept: Some(k), .. }), true) => Some((**k).clone()),
            _ if self.live.is_none() && self.yaml.is_empty() => None,
            _ => Some(self.as_kept()),
        };
        let held_before = self.storage_held;
        let mut next = State::from_link(fragment, saved);
        next.storage_held |= held_before;
        next.previous = self.previous.clone();
        next.tab = self.tab;
        Rc::new(next)
    }

    /// `Msg::RestoreKept`: the session the link replaced, back as a reload opens it.
    pub(super) fn restore_kept(self: Rc<Self>) -> Rc<Self> {
        let Some(kept) = self.link_notice.as_ref().and_then(|n| n.kept.clone()) else {
            return self;
        };
        let mut next = kept.reopen();
        next.previous = self.previous.clone();
        Rc::new(next)
    }

    /// `Msg::KeepShared`: the banner goes; a shared pod the user keeps is saved from now on.
    /// After a bad link the saved session stays held until the user edits.
    pub(super) fn keep_shared(self: Rc<Self>) -> Rc<Self> {
        self.with(|s| {
            if s.link_notice.as_ref().is_some_and(|n| n.failure.is_none()) {
                s.storage_held = false;
            }
            s.link_notice = None;
        })
    }
}

#[cfg(test)]
mod tests {
    use podscope_core::model::ids::{ContainerName, ObjectKey};
    use podscope_core::model::time::SimDuration;
    use podscope_core::scenario::examples::ExampleId;
    use yew::Reducible;

    use super::*;
    use crate::state::{DEMO_YAML, Msg};

    const MINE: &str = "apiVersion: v1\nkind: Pod\nmetadata: {name: mine}\nspec:\n  containers:\n  - {name: app, image: busybox, command: [sleep, '60']}\n";

    fn run_all(s: Rc<State>, msgs: Vec<Msg>) -> Rc<State> {
        msgs.into_iter().fold(s, |s, m| s.reduce(m))
    }

    fn nginx() -> Msg {
        Msg::Kill {
            pod: ObjectKey::new("default", "demo"),
            container: ContainerName("nginx".into()),
        }
    }

    /// The demo with nginx killed at 12 s, 20 s later.
    fn killed() -> Rc<State> {
        run_all(
            Rc::new(State::new(DEMO_YAML.to_owned())),
            vec![
                Msg::Tick(SimDuration::from_secs(12)),
                nginx(),
                Msg::Tick(SimDuration::from_secs(20)),
            ],
        )
    }

    /// Share on `page`, the browser's deflate played by the core's (any raw deflate reads
    /// back the same).
    fn share(s: Rc<State>, page: &str) -> Rc<State> {
        let s = s.reduce(Msg::Share(page.to_owned()));
        assert_eq!(s.share.snippets(), None, "the dialog waits for the deflate");
        let text = s.share.pending().expect("a pending share").text.clone();
        let deflated = link::deflate(&text);
        s.reduce(Msg::ShareDeflated { text, deflated })
    }

    fn shared_link(s: Rc<State>) -> String {
        let s = share(s, "http://127.0.0.1:4000/sub/#old");
        s.share.snippets().expect("the dialog's link").link.clone()
    }

    fn fragment(link: &str) -> &str {
        link.split_once('#').expect("a fragment").1
    }

    fn mine_saved() -> Kept {
        Kept {
            text: MINE.to_owned(),
            replay: Some((MINE.to_owned(), "at 3s kill mine/app\n".to_owned())),
            mode: EditMode::Restart,
            runtime: Runtime::Docker,
        }
    }

    #[test]
    fn a_link_opens_the_same_world_at_the_same_moment_paused() {
        let s = killed();
        let link = shared_link(s.clone());
        assert!(link.starts_with("http://127.0.0.1:4000/sub/#v1:"), "{link}");
        let opened = State::from_link(fragment(&link), None);
        assert_eq!(
            format!("{:?}", opened.world().unwrap()),
            format!("{:?}", s.world().unwrap())
        );
        let world = opened.world().unwrap();
        assert_eq!(world.now(), SimTime::from_millis(32_000));
        assert_eq!(world.pods().next().unwrap().containers[1].restart_count, 1);
        drop(world);
        assert!(!opened.clock.playing, "paused at the shared moment");
        assert_eq!(opened.yaml, DEMO_YAML);
        assert_eq!(opened.recording(), s.recording());
        assert_eq!(
            opened.link_notice,
            Some(LinkNotice {
                failure: None,
                kept: None,
                at: Some(SimTime::from_millis(32_000)),
            })
        );
        assert!(!opened.holds_storage(), "nothing of the user's to keep");
    }

    #[test]
    fn the_runtime_and_the_narration_travel_with_the_link() {
        let s = Rc::new(State::on(Runtime::CriO, DEMO_YAML.to_owned())).reduce(Msg::Load {
            yaml: DEMO_YAML.to_owned(),
            script: "at 2s say Watch nginx.\nat 5s kill demo/nginx\nat 6s say It is back.\n"
                .to_owned(),
        });
        assert_eq!(
            s.recording().to_string(),
            "at 2s say Watch nginx.\nat 5s kill demo/nginx\nat 6s say It is back.\nat 6s end\n"
        );
        let opened = State::from_link(fragment(&shared_link(s)), Some(mine_saved()));
        assert_eq!(opened.runtime, Runtime::CriO, "not the saved Docker");
        assert_eq!(opened.script.narration().len(), 2);
    }

    #[test]
    fn a_link_over_the_users_text_keeps_it_to_restore_and_storage_waits_for_an_edit() {
        let link = shared_link(killed());
        let opened = Rc::new(State::from_link(fragment(&link), Some(mine_saved())));
        assert_eq!(opened.yaml, DEMO_YAML);
        assert!(opened.holds_storage());
        let notice = opened.link_notice.clone().unwrap();
        assert_eq!(notice.failure, None);
        assert_eq!(notice.kept.as_deref(), Some(&mine_saved()));

        // Actions on the shared pod do not release storage; an edit does.
        let acted = opened.clone().reduce(Msg::Tick(SimDuration::from_secs(1)));
        assert!(acted.holds_storage());
        let edited = acted.reduce(Msg::Edit(DEMO_YAML.replace("demo", "demo2")));
        assert!(!edited.holds_storage());
        assert!(edited.link_notice.is_some(), "the way back stays offered");

        let restored = edited.reduce(Msg::RestoreKept);
        assert_eq!(restored.yaml, MINE);
        assert_eq!(restored.runtime, Runtime::Docker);
        assert_eq!(restored.script.to_string(), "at 3s kill mine/app\n");
        assert_eq!(restored.link_notice, None);
        assert!(!restored.holds_storage());
    }

    #[test]
    fn keeping_the_shared_pod_saves_it_from_then_on() {
        let link = shared_link(killed());
        let kept =
            Rc::new(State::from_link(fragment(&link), Some(mine_saved()))).reduce(Msg::KeepShared);
        assert_eq!(kept.link_notice, None);
        assert!(!kept.holds_storage());
    }

    #[test]
    fn nothing_is_kept_when_the_saved_text_is_the_links_or_an_examples() {
        let link = shared_link(killed());
        for text in [DEMO_YAML, ExampleId::Oom.get().yaml, "  \n"] {
            let saved = Kept {
                text: text.to_owned(),
                ..mine_saved()
            };
            let opened = State::from_link(fragment(&link), Some(saved));
            assert_eq!(opened.link_notice.clone().unwrap().kept, None, "{text}");
            assert!(!opened.holds_storage());
        }
    }

    #[test]
    fn a_bad_link_gives_the_default_example_and_its_reason_and_holds_storage() {
        let link = shared_link(killed());
        let good = fragment(&link);
        let cut = &good[..good.len() / 2];
        for (bad, why) in [
            (cut.to_owned(), link::decode(cut).unwrap_err()),
            ("v9:AAAA".to_owned(), link::decode("v9:AAAA").unwrap_err()),
            ("v1:<script>".to_owned(), LinkError::BadBase64 { at: 1 }),
        ] {
            let opened = Rc::new(State::from_link(&bad, Some(mine_saved())));
            assert_eq!(opened.yaml, DEMO_YAML, "{bad}");
            assert_eq!(opened.world().unwrap().now(), SimTime::ZERO);
            let notice = opened.link_notice.clone().unwrap();
            assert_eq!(notice.failure, Some(why.to_string()));
            assert_eq!(notice.kept.as_deref(), Some(&mine_saved()));
            assert!(opened.holds_storage(), "the example is not saved over it");
            let dismissed = opened.reduce(Msg::KeepShared);
            assert_eq!(dismissed.link_notice, None);
            assert!(dismissed.holds_storage(), "still not, until an edit");
        }
    }

    #[test]
    fn an_anchor_changes_nothing_and_a_pasted_link_keeps_the_open_session() {
        let mine = run_all(
            Rc::new(State::on(Runtime::Docker, MINE.to_owned())),
            vec![Msg::Tick(SimDuration::from_secs(4))],
        );
        let same = mine.clone().reduce(Msg::OpenLink("#top".to_owned()));
        assert!(Rc::ptr_eq(&mine, &same));

        let link = shared_link(killed());
        let opened = mine
            .clone()
            .reduce(Msg::OpenLink(format!("#{}", fragment(&link))));
        assert_eq!(opened.yaml, DEMO_YAML);
        assert_eq!(opened.world().unwrap().now(), SimTime::from_millis(32_000));
        let back = opened.reduce(Msg::RestoreKept);
        assert_eq!(back.yaml, MINE);
        assert_eq!(back.runtime, Runtime::Docker);
    }

    #[test]
    fn the_share_dialog_opens_on_the_state_as_it_is_and_closes() {
        let s = share(killed(), "http://h/index.html");
        let snippets = s.share.snippets().unwrap();
        assert_eq!(link::decode(fragment(&snippets.link)).unwrap(), s.bundle());
        assert!(snippets.iframe.contains("title=\"podscope: demo\""));
        assert_eq!(s.share.pending(), None);
        assert_eq!(s.reduce(Msg::CloseShare).share.snippets(), None);
    }

    /// The link is the state when Share was pressed, even if the clock ran on before the
    /// browser's deflate answered; an answer for an older Share is dropped; a failure says why.
    #[test]
    fn a_share_is_the_state_when_pressed_and_waits_only_for_its_own_deflate() {
        let pressed = killed().reduce(Msg::Share("http://h/".to_owned()));
        let text = pressed.share.pending().unwrap().text.clone();
        let then = pressed.bundle();
        let later = pressed.reduce(Msg::Tick(SimDuration::from_secs(30)));
        assert_ne!(later.bundle(), then, "the clock moved the state on");
        let stale = later.reduce(Msg::ShareDeflated {
            text: "something else".to_owned(),
            deflated: link::deflate("something else"),
        });
        assert_eq!(stale.share.snippets(), None);
        assert!(stale.share.pending().is_some());
        let done = stale.reduce(Msg::ShareDeflated {
            deflated: link::deflate(&text),
            text,
        });
        let snippets = done.share.snippets().expect("the dialog");
        assert_eq!(link::decode(fragment(&snippets.link)).unwrap(), then);
        let failed = killed()
            .reduce(Msg::Share("http://h/".to_owned()))
            .reduce(Msg::ShareFailed("no CompressionStream".to_owned()));
        assert_eq!(
            (failed.share.snippets(), failed.share.pending()),
            (None, None)
        );
        assert_eq!(
            failed.share.error().as_deref(),
            Some("no CompressionStream")
        );
        assert_eq!(share(failed, "http://h/").share.error(), None);
    }

    /// Every example, shared once its script has played, opens to the same world; prints the
    /// link lengths (docs/figures.md: `cargo test -p podscope-web every_example -- --nocapture`).
    #[test]
    fn every_example_shared_after_its_script_opens_to_the_same_world() {
        for id in ExampleId::ALL {
            let s = Rc::new(State::new(DEMO_YAML.to_owned())).reduce(Msg::Example(id));
            let link = shared_link(s.clone());
            let opened = State::from_link(fragment(&link), None);
            assert_eq!(opened.link_notice.as_ref().unwrap().failure, None, "{id}");
            assert_eq!(
                format!("{:?}", opened.world().unwrap()),
                format!("{:?}", s.world().unwrap()),
                "{id}"
            );
            assert_eq!(opened.runtime, s.runtime, "{id}");
            println!(
                "{id}: {} characters after #",
                fragment(&link).chars().count() + 1
            );
        }
    }
}

//! `kubectl get`: kubectl pkg/cmd/get/get.go (`NewCmdGet`'s flags, `Complete`, `Validate`).

use super::output::OutputFormat;
use super::selector::Selector;
use super::targets::{self, Targets};
use super::{FILENAME, Flag, Kubectl, KubectlError, SELECTOR};

/// `kubectl get TYPE[,TYPE…] [NAME…] | TYPE/NAME…`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Get {
    pub namespace: String,
    /// `-A`: every namespace.
    pub all_namespaces: bool,
    pub targets: Targets,
    pub output: OutputFormat,
    /// `-l`.
    pub selector: Option<Selector>,
    /// `--field-selector`, as given.
    pub field_selector: Option<String>,
    /// `--show-labels`.
    pub show_labels: bool,
    /// `-L`/`--label-columns`: a column per label key.
    pub label_columns: Vec<String>,
    /// `--show-kind`.
    pub show_kind: bool,
    /// `-f FILE…`: the objects the manifests name (the node's shell reads them into
    /// `targets`).
    pub files: Vec<String>,
    /// `-w`/`--watch`, `--watch-only`.
    pub watch: Watch,
    /// `--output-watch-events`: an EVENT column (`ADDED`, `MODIFIED`, `DELETED`).
    pub output_watch_events: bool,
}

/// Whether `get` watches (get.go `Run`: `o.Watch || o.WatchOnly` goes to `watch`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Watch {
    /// Lists or gets once.
    #[default]
    No,
    /// `-w`: the objects, then each change.
    After,
    /// `--watch-only`: only the changes.
    Only,
}

const FLAGS: &[Flag] = &[
    Flag::string("output").short('o').modelled(),
    Flag::string("template").modelled(),
    Flag::bool("allow-missing-template-keys"),
    Flag::bool("show-managed-fields"),
    Flag::bool("no-headers"),
    Flag::bool("show-labels").modelled(),
    Flag::string("sort-by"),
    Flag::list("label-columns").short('L').modelled(),
    Flag::bool("show-kind").modelled(),
    Flag::string("raw"),
    Flag::bool("watch").short('w').modelled(),
    Flag::bool("watch-only").modelled(),
    Flag::bool("output-watch-events").modelled(),
    Flag::bool("ignore-not-found"),
    Flag::string("field-selector").modelled(),
    Flag::bool("all-namespaces").short('A').modelled(),
    Flag::bool("server-print"),
    FILENAME[0].modelled(),
    FILENAME[1],
    FILENAME[2],
    Flag::int("chunk-size"),
    SELECTOR.modelled(),
    Flag::string("subresource"),
];

/// get.go `Complete`'s text when no resource type is given (a usage error after a hint).
const NO_TYPE: &str = "You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples\n";

pub(super) fn parse(path: &str, words: &[String]) -> Result<Kubectl, KubectlError> {
    let p = super::parse_flags(path, FLAGS, words)?;
    if let Some(not) = super::unmodelled(path, &p) {
        return Ok(not);
    }
    let files = p.list("filename");
    if p.args.is_empty() && files.is_empty() {
        return Err(KubectlError::Text(NO_TYPE.to_owned()));
    }
    if !p.args.is_empty() && !files.is_empty() {
        return Ok(Kubectl::NotModelled(format!(
            "{path} -f with resource arguments"
        )));
    }
    let output = OutputFormat::parse(p.string("output"), p.string("template"))
        .map_err(|e| KubectlError::message(e.to_string()))?;
    let show_labels = p.bool("show-labels");
    if show_labels && !matches!(output, OutputFormat::Table | OutputFormat::Wide) {
        return Err(KubectlError::message(format!(
            "--show-labels option cannot be used with {} printer",
            p.string("output").unwrap_or_default()
        )));
    }
    let watch = if p.bool("watch") {
        Watch::After
    } else if p.bool("watch-only") {
        Watch::Only
    } else {
        Watch::No
    };
    // get.go `Validate`, after the `--show-labels` check.
    let output_watch_events = p.bool("output-watch-events");
    if output_watch_events && watch == Watch::No {
        return Err(KubectlError::message(
            "--output-watch-events option can only be used with --watch or --watch-only",
        ));
    }
    if watch != Watch::No && !matches!(output, OutputFormat::Table | OutputFormat::Wide) {
        return Ok(Kubectl::NotModelled(format!(
            "{path} --watch -o {}",
            output.name()
        )));
    }
    let targets = if files.is_empty() {
        targets::parse(&p.args).map_err(|e| KubectlError::message(e.to_string()))?
    } else {
        Targets::None
    };
    Ok(Kubectl::Get(Get {
        namespace: super::namespace_of(&p),
        all_namespaces: p.bool("all-namespaces"),
        targets,
        output,
        selector: p.string("selector").map(Selector::parse),
        field_selector: p.string("field-selector").map(str::to_owned),
        show_labels,
        label_columns: p.list("label-columns"),
        show_kind: p.bool("show-kind"),
        files,
        watch,
        output_watch_events,
    }))
}

impl Get {
    /// `-o wide`.
    pub fn wide(&self) -> bool {
        self.output == OutputFormat::Wide
    }

    /// Whether an object in `namespace` is listed (`-A`, else `-n`).
    pub fn in_scope(&self, namespace: &str) -> bool {
        self.all_namespaces || namespace == self.namespace
    }

    /// Whether labels pass `-l` (all do without it).
    pub fn selects(&self, labels: &std::collections::BTreeMap<String, String>) -> bool {
        self.selector.as_ref().is_none_or(|s| s.matches(labels))
    }
}

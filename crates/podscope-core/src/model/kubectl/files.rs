//! The files a node command line's `kubectl` commands read (`apply -f`, `create -f`,
//! `delete -f`, `create configmap|secret --from-file|--from-env-file`, `patch --patch-file`), so that a scenario can provide them
//! before it runs: found by the one kubectl parser, never by matching text.

use super::words::split_words;
use super::{CreateWhat, Kubectl, parse};

/// The shell's words that end one command and start the next.
const SEPARATORS: [&str; 4] = ["&&", "||", ";", "|"];

/// Every file a `kubectl` command of `line` reads, as written (`-` left out).
pub fn named_files(line: &str) -> Vec<String> {
    let Ok(words) = split_words(line) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for command in words.split(|w| SEPARATORS.contains(&w.as_str())) {
        let command = match command.first().map(String::as_str) {
            Some("sudo") => command.get(1..).unwrap_or_default(),
            _ => command,
        };
        if command.first().map(String::as_str) != Some("kubectl") {
            continue;
        }
        out.extend(kubectl_files(command.get(1..).unwrap_or_default()));
    }
    out
}

/// The files one `kubectl` command reads, from its words after `kubectl` (`-` left out).
pub fn kubectl_files(args: &[String]) -> Vec<String> {
    let files = match parse(args) {
        Ok(Kubectl::Apply(a)) => a.files,
        Ok(Kubectl::Delete(d)) => d.files,
        Ok(Kubectl::Get(g)) => match g.output {
            // `-o go-template-file=FILE` reads FILE too.
            crate::model::kubectl::output::OutputFormat::GoTemplateFile(f) => {
                g.files.into_iter().chain([f]).collect()
            }
            _ => g.files,
        },
        Ok(Kubectl::Describe(d)) => d.files,
        Ok(Kubectl::Patch(p)) => match p.source {
            super::PatchSource::File(f) => vec![f],
            super::PatchSource::Inline(_) => Vec::new(),
        },
        Ok(Kubectl::Create(c)) => match c.what {
            CreateWhat::Files(f) => f,
            CreateWhat::Data { sources, .. } => sources
                .files
                .into_iter()
                .map(|f| match f.split_once('=') {
                    Some((_, path)) => path.to_owned(),
                    None => f,
                })
                .chain(sources.env_files)
                .collect(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    };
    files.into_iter().filter(|f| f != "-").collect()
}

/// The docs' examples a URL names: `https://k8s.io/examples/X` (and the same under
/// `kubernetes.io`) is the website's `content/en/examples/X`; `None` for any other text.
pub fn example_path(url: &str) -> Option<&str> {
    [
        "https://k8s.io/examples/",
        "https://kubernetes.io/examples/",
        "https://raw.githubusercontent.com/kubernetes/website/main/content/en/examples/",
    ]
    .iter()
    .find_map(|prefix| url.strip_prefix(prefix))
    .filter(|rest| !rest.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn files_of_kubectl_commands_only() {
        assert_eq!(
            named_files("kubectl apply -f a.yaml -f=b.yaml && kubectl get pods"),
            ["a.yaml", "b.yaml"]
        );
        assert_eq!(
            named_files("sudo kubectl delete -f https://k8s.io/examples/pods/x.yaml"),
            ["https://k8s.io/examples/pods/x.yaml"]
        );
        assert_eq!(
            named_files(
                "kubectl create secret generic user --from-file=./username.txt --from-file=k=p.txt"
            ),
            ["./username.txt", "p.txt"]
        );
        assert_eq!(
            named_files("kubectl create configmap c --from-env-file=a.env,b.env"),
            ["a.env", "b.env"]
        );
        assert!(named_files("cat -f x; kubectl apply -f -").is_empty());
        assert_eq!(
            named_files("kubectl get -f myapp.yaml && kubectl describe -f b.yaml"),
            ["myapp.yaml", "b.yaml"]
        );
        assert_eq!(
            named_files(
                "kubectl patch deploy/d --patch-file p.yaml && kubectl patch deploy/d -p '{}'"
            ),
            ["p.yaml"]
        );
        assert_eq!(
            example_path("https://k8s.io/examples/pods/x.yaml"),
            Some("pods/x.yaml")
        );
        assert_eq!(example_path("https://example.com/x.yaml"), None);
    }
}

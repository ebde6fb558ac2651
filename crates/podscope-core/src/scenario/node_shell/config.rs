//! `kubectl config` on the node: the world's kubeconfig read and changed as kubectl v0.35.0
//! pkg/cmd/config does (view.go with client-go clientcmd/api `ShortenConfig`: certificate
//! and key data shown as `DATA+OMITTED`; the v1 `Config` as YAML, `preferences` omitted when
//! empty (`omitzero`, client-go v0.35.0 tools/clientcmd/api/v1/types.go); get_contexts.go's
//! table; the texts of current_context.go, set_context.go and use_context.go).

use crate::model::sort::CompactSort;
use serde_json::{Value, json};

use crate::model::kubeconfig::{CLUSTER, USER};
use crate::model::kubectl::Config;
use crate::sim::outcome::Output;
use crate::sim::world::World;
use crate::views::tabwriter::{KUBECTL, table};

pub(super) fn run(world: &mut World, cmd: &Config) -> Output {
    let k = &mut world.kubeconfig;
    match cmd {
        Config::View => Output::ok(crate::views::kubectl::yaml::to_yaml(&view(k))),
        Config::CurrentContext if k.current.is_empty() => {
            Output::failed("error: current-context is not set\n", 1)
        }
        Config::CurrentContext => Output::ok(format!("{}\n", k.current)),
        Config::SetContext {
            name,
            cluster,
            user,
            namespace,
        } => {
            let name = match name {
                Some(n) => n.clone(),
                None if k.current.is_empty() => {
                    return Output::failed("error: no current context is set\n", 1);
                }
                None => k.current.clone(),
            };
            match k.set_context(
                &name,
                cluster.as_deref(),
                user.as_deref(),
                namespace.as_deref(),
            ) {
                Some(true) => Output::ok(format!("Context \"{name}\" modified.\n")),
                Some(false) => Output::ok(format!("Context \"{name}\" created.\n")),
                None => crate::views::kubectl::unmodelled(
                    "kubectl config set-context beyond 100 contexts",
                ),
            }
        }
        Config::UseContext(name) if k.context(name).is_none() => Output::failed(
            format!(
                "error: no context exists with the name: {}\n",
                crate::model::humanize::go_quote(name)
            ),
            1,
        ),
        Config::UseContext(name) => {
            k.current = name.clone();
            Output::ok(format!("Switched to context \"{name}\".\n"))
        }
        Config::GetContexts {
            names,
            name_only,
            no_headers,
        } => get_contexts(k, names, *name_only, *no_headers),
    }
}

/// get_contexts.go `RunGetContexts`: the contexts named (all, sorted), `*` marking the
/// current one; `context NAME not found` for the others.
fn get_contexts(
    k: &crate::model::kubeconfig::Kubeconfig,
    names: &[String],
    name_only: bool,
    no_headers: bool,
) -> Output {
    let mut errors = Vec::new();
    let mut picked: Vec<&crate::model::kubeconfig::Context> = Vec::new();
    if names.is_empty() {
        picked.extend(k.contexts.iter());
    } else {
        for n in names {
            match k.context(n) {
                Some(c) => picked.push(c),
                None => errors.push(format!("context {n} not found")),
            }
        }
    }
    picked.sort_compact_by(|a, b| a.name.cmp(&b.name));
    let mut rows: Vec<Vec<String>> = Vec::new();
    if !no_headers && !name_only {
        rows.push(
            ["CURRENT", "NAME", "CLUSTER", "AUTHINFO", "NAMESPACE"]
                .map(str::to_owned)
                .to_vec(),
        );
    }
    for c in picked {
        if name_only {
            rows.push(vec![c.name.clone()]);
        } else {
            let mark = if c.name == k.current { "*" } else { " " };
            rows.push(vec![
                mark.to_owned(),
                c.name.clone(),
                c.cluster.clone(),
                c.user.clone(),
                c.namespace.clone(),
            ]);
        }
    }
    let mut text = table(KUBECTL, &rows);
    // utilerrors.NewAggregate: one error alone, several as `[a, b]`.
    match errors.as_slice() {
        [] => Output::ok(text),
        [one] => {
            text.push_str(&format!("error: {one}\n"));
            Output::failed(text, 1)
        }
        many => {
            text.push_str(&format!("error: [{}]\n", many.join(", ")));
            Output::failed(text, 1)
        }
    }
}

/// The kubeconfig as `config view` prints it (v1 `Config`, shortened).
fn view(k: &crate::model::kubeconfig::Kubeconfig) -> Value {
    let contexts: Vec<Value> = k
        .contexts
        .iter()
        .map(|c| {
            let mut context = json!({"cluster": c.cluster, "user": c.user});
            if !c.namespace.is_empty()
                && let Some(o) = context.as_object_mut()
            {
                o.insert("namespace".into(), Value::String(c.namespace.clone()));
            }
            json!({"context": context, "name": c.name})
        })
        .collect();
    json!({
        "apiVersion": "v1",
        "clusters": [{
            "cluster": {"certificate-authority-data": "DATA+OMITTED", "server": k.server},
            "name": CLUSTER,
        }],
        "contexts": contexts,
        "current-context": k.current,
        "kind": "Config",
        "users": [{
            "name": USER,
            "user": {"client-certificate-data": "DATA+OMITTED", "client-key-data": "DATA+OMITTED"},
        }],
    })
}

//! The Inspector: the selected container and its pod as the node has them, in collapsible
//! sections (pod and QoS, sandbox, namespaces, cgroup, environment, mounts, processes). Every
//! value is plain text the user can select and copy.

use podscope_core::views::inspector::{CgroupFile, ContainerFacts, PodFacts};
use yew::prelude::*;

use super::inspector_model::InspectorView;
use crate::live::LiveWorld;
use crate::session::Target;

#[derive(Properties, PartialEq)]
pub struct InspectorProps {
    pub live: Option<LiveWorld>,
    pub target: Target,
}

#[component(InspectorPanel)]
pub fn inspector_panel(props: &InspectorProps) -> Html {
    let view = use_memo(
        (props.live.clone(), props.target.clone()),
        |(live, target)| live.as_ref().map(|l| InspectorView::of(&l.get(), target)),
    );
    match view.as_ref() {
        None => html! { <p class="panel-empty">{"No world yet: the manifest has errors."}</p> },
        Some(InspectorView::NothingSelected) => html! {
            <p class="panel-empty" data-testid="inspector-none">
                {"Select a container in the diagram (or in the terminal's target box) to inspect it."}
            </p>
        },
        Some(InspectorView::Selected(selection)) => html! {
            <div class="inspector">
                if let Some(p) = &selection.pod { {pod_sections(p)} }
                if let Some(c) = &selection.container { {container_sections(c)} } else {
                    <p class="panel-empty">{"The selected container is gone from the world."}</p>
                }
            </div>
        },
    }
}

/// A collapsible section, open at first.
fn section(title: &str, testid: &str, body: Html) -> Html {
    html! {
        <details class="inspector-section" open=true data-testid={testid.to_owned()}>
            <summary>{title.to_owned()}</summary>
            {body}
        </details>
    }
}

/// A `name: value` line of a facts list.
fn fact(name: &str, value: String, testid: Option<&str>) -> Html {
    html! {
        <>
            <dt>{name.to_owned()}</dt>
            <dd data-testid={testid.map(str::to_owned)}>{value}</dd>
        </>
    }
}

fn pod_sections(p: &PodFacts) -> Html {
    let none = || "<none>".to_owned();
    let pod = html! {
        <dl class="facts">
            {fact("pod", p.key.to_string(), None)}
            {fact("uid", p.uid.clone(), None)}
            {fact("node", p.node.clone().unwrap_or_else(none), None)}
            {fact("IP", p.ip.clone().unwrap_or_else(none), Some("inspector-ip"))}
            {fact("QoS class", p.qos.unwrap_or("?").to_owned(), Some("inspector-qos"))}
            if let Some(why) = &p.unschedulable {
                {fact("FailedScheduling", why.clone(), None)}
            }
            if let Some(path) = &p.cgroup_path {
                {fact("pod cgroup", path.clone(), None)}
            }
        </dl>
    };
    let sandbox = p.sandbox.as_ref().map(|s| {
        section(
            "Sandbox",
            "inspector-sandbox",
            html! {
                <>
                    <dl class="facts">
                        {fact("sandbox", format!("{}  attempt {}  {}", s.id, s.attempt,
                              if s.ready { "Ready" } else { "NotReady" }), None)}
                        {fact("image", s.image.to_owned(), Some("inspector-pause-image"))}
                        {fact("name", s.name.clone(), None)}
                        if let Some(pid) = s.pid { {fact("pause PID", pid.to_string(), None)} }
                    </dl>
                    if let (Some(pid), Some(lsns)) = (s.pid, &s.lsns) {
                        {shell_text(&format!("lsns -p {pid}"), lsns, "inspector-sandbox-lsns")}
                    }
                </>
            },
        )
    });
    html! {
        <>
            {section("Pod", "inspector-pod", html! {
                <>
                    {pod}
                    if !p.cgroup.is_empty() { {cgroup_table(&p.cgroup, "pod-cgroup")} }
                </>
            })}
            {sandbox.unwrap_or_default()}
        </>
    }
}

fn container_sections(c: &ContainerFacts) -> Html {
    let facts = html! {
        <dl class="facts">
            {fact("container", c.name.to_string(), Some("inspector-container"))}
            {fact("image", c.image.clone(), None)}
            {fact("state", c.state.to_owned(), None)}
            {fact("restarts", c.restarts.to_string(), None)}
            if let Some(id) = &c.id { {fact("id", id.clone(), None)} }
            if let Some(name) = &c.runtime_name {
                {fact("runtime name", name.clone(), Some("inspector-runtime-name"))}
            }
            if let Some(uri) = &c.container_id { {fact("containerID", uri.clone(), None)} }
        </dl>
    };
    let namespaces = match (c.pid, &c.lsns) {
        (Some(pid), Some(lsns)) => shell_text(&format!("lsns -p {pid}"), lsns, "inspector-lsns"),
        _ => not_running(),
    };
    let cgroup = html! {
        <>
            <dl class="facts">
                {fact("oom_score_adj", c.oom_score_adj.map_or_else(|| "(no process)".to_owned(), |v| v.to_string()), Some("inspector-oom"))}
                if let Some(path) = &c.cgroup_path { {fact("cgroup", path.clone(), None)} }
            </dl>
            {cgroup_table(&c.cgroup, "cgroup")}
        </>
    };
    let env = if c.env.is_empty() {
        html! { <p class="panel-empty">{"(none)"}</p> }
    } else {
        html! {
            <pre class="listing" data-testid="inspector-env-text">
                { for c.env.iter().map(|(k, v)| format!("{k}={v}\n")) }
            </pre>
        }
    };
    let mounts = if c.mounts.is_empty() {
        html! { <p class="panel-empty">{"(none)"}</p> }
    } else {
        html! {
            <table class="facts-table">
                <thead><tr>
                    <th scope="col">{"volume"}</th><th scope="col">{"path"}</th>
                    <th scope="col">{"mode"}</th><th scope="col">{"subPath"}</th>
                </tr></thead>
                <tbody>
                    { for c.mounts.iter().map(|m| html! {
                        <tr data-testid="inspector-mount">
                            <td>{m.volume.clone()}</td>
                            <td>{m.path.clone()}</td>
                            <td>{if m.read_only { "ro" } else { "rw" }}</td>
                            <td>{m.sub_path.clone()}</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        }
    };
    let processes = match &c.ps {
        Some(ps) => shell_text("ps", ps, "inspector-ps"),
        None => not_running(),
    };
    html! {
        <>
            {section("Container", "inspector-container-section", facts)}
            {section("Namespaces", "inspector-namespaces", namespaces)}
            {section("cgroup and OOM", "inspector-cgroup", cgroup)}
            {section("Environment", "inspector-env", env)}
            {section("Mounts", "inspector-mounts", mounts)}
            {section("Processes", "inspector-processes", processes)}
        </>
    }
}

fn not_running() -> Html {
    html! { <p class="panel-empty">{"(no process: the container is not running)"}</p> }
}

/// A command and what it prints, as on the node's terminal.
fn shell_text(command: &str, text: &str, testid: &str) -> Html {
    html! {
        <pre class="listing" data-testid={testid.to_owned()} tabindex="0">
            <span class="listing-prompt">{format!("$ {command}")}</span>
            {"\n"}
            {text.to_owned()}
        </pre>
    }
}

/// The cgroup files and their values; each value's test id is `PREFIX-FILE`.
fn cgroup_table(files: &[CgroupFile], prefix: &str) -> Html {
    html! {
        <table class="facts-table cgroup-files">
            <thead><tr><th scope="col">{"file"}</th><th scope="col">{"value"}</th></tr></thead>
            <tbody>
                { for files.iter().map(|f| html! {
                    <tr>
                        <td>{f.name}</td>
                        <td data-testid={format!("{prefix}-{}", f.name)}>{f.value.clone()}</td>
                    </tr>
                }) }
            </tbody>
        </table>
    }
}

//! Seeds and dictionary words for the `commands` fuzz target: a manifest followed by scenario
//! actions (kubectl on the node, shell lines in containers), taken from every scenario folder
//! and docs-page folder in the repository plus a list covering each kubectl and shell form.

use std::path::Path;

use crate::sh::{self, Result};

/// Writes one seed per scenario folder (`crates/podscope-core/tests/scenarios/*`) and docs
/// page folder (`tests/k8s-docs/suite/*`), plus `FORMS`. Returns how many were written.
pub fn write_seeds(dir: &Path) -> Result<usize> {
    let mut n = 0;
    let write = |name: &str, text: &str| {
        std::fs::write(dir.join(name), text).map_err(|e| format!("{}: {e}", dir.display()))
    };
    write("commands-forms.txt", &format!("{DEMO}{FORMS}"))?;
    n += 1;
    let root = sh::root();
    for (folders, prefix) in [
        ("crates/podscope-core/tests/scenarios", "commands-scenario-"),
        ("tests/k8s-docs/suite", "commands-docs-"),
    ] {
        let Ok(entries) = std::fs::read_dir(root.join(folders)) else {
            continue;
        };
        let mut dirs: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        dirs.sort();
        for d in dirs.iter().filter(|d| d.is_dir()) {
            let Ok(script) = std::fs::read_to_string(d.join("script")) else {
                continue;
            };
            let manifest = std::fs::read_to_string(d.join("pod.yaml")).unwrap_or_default();
            let mut seed = manifest;
            seed.push_str(&actions(&script));
            if seed.len() > 8192 {
                continue;
            }
            let name = d.file_name().unwrap_or_default().to_string_lossy();
            write(&format!("{prefix}{name}.txt"), &seed)?;
            n += 1;
        }
    }
    Ok(n)
}

/// A script's actions without their `at TIME` and without inline manifests (the target reads
/// each line on its own).
fn actions(script: &str) -> String {
    let mut out = String::new();
    let mut heredoc: Option<String> = None;
    for line in script.lines() {
        if let Some(end) = &heredoc {
            if line.trim() == end {
                heredoc = None;
            }
            continue;
        }
        let Some(rest) = line.trim().strip_prefix("at ") else {
            continue;
        };
        let Some((_, action)) = rest.split_once(char::is_whitespace) else {
            continue;
        };
        let action = action.trim();
        if let Some(d) = action
            .strip_prefix("apply")
            .and_then(|a| a.trim().strip_prefix("<<"))
        {
            heredoc = Some(d.trim().trim_matches(['\'', '"']).to_owned());
            continue;
        }
        out.push_str(action);
        out.push('\n');
    }
    out
}

const DEMO: &str = "apiVersion: v1
kind: Pod
metadata: {name: demo, labels: {app: demo}}
spec:
  containers:
    - {name: busybox, image: busybox, command: [sleep, 3650d]}
    - {name: nginx, image: \"nginx:1.21\"}
";

/// One line per kubectl and shell form the docs' pages use (issue 14).
const FORMS: &str = "node -- kubectl get pods -o wide
node -- kubectl get pod demo -o yaml
node -- kubectl get pod demo -o json
node -- kubectl get pods -o name
node -- kubectl get pod demo -o jsonpath='{.status.podIP}'
node -- kubectl get pods -o custom-columns=NAME:.metadata.name,IP:.status.podIP
node -- kubectl get po,svc --show-labels
node -- kubectl get all -A
node -- kubectl get deployment.v1.apps/web -n default
node -- kubectl get events --field-selector involvedObject.name=demo
node -- kubectl describe pod de
node -- kubectl describe secret s
node -- kubectl describe configmap c
node -- kubectl describe node
node -- kubectl get ep,endpointslices,nodes,namespaces
node -- kubectl logs demo -c busybox --tail=5
node -- kubectl run bb --image=busybox --restart=Never -- sleep 100
node -- kubectl create namespace qos-example
node -- kubectl create deployment web --image=nginx
node -- kubectl label pod demo color=blue --overwrite
node -- kubectl label nodes node-1 disktype=ssd
node -- kubectl annotate pod demo note=x
node -- kubectl set image deployment/web nginx=nginx:1.161
node -- kubectl scale deployment/web --replicas=5
node -- kubectl rollout status deployment/web
node -- kubectl rollout history deployment/web
node -- kubectl rollout undo deployment/web --to-revision=1
node -- kubectl rollout restart deployment/web
node -- kubectl patch deployment web -p '{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"nginx\",\"image\":\"redis\"},{\"$patch\":\"replace\"}]}}}}'
node -- kubectl patch deployment web --type merge --patch 'spec:\\n  replicas: 3'
node -- kubectl patch deployment web --type strategic -p '{\"spec\":{\"strategy\":{\"$retainKeys\":[\"type\"],\"type\":\"Recreate\"}}}'
node -- kubectl patch deployment web --patch-file patch.yaml
node -it -- kubectl patch deployment web --patch \"$(cat patch.yaml)\"
node -- kubectl delete pod bb
node -- kubectl delete -f demo.yaml
node -- kubectl exec demo -c busybox -- sh -c 'echo $RANDOM > /tmp/x; cat /tmp/x'
exec demo/busybox -- ls -laR /etc | head -n 20
exec demo/busybox -- ps -o pid,user,stat,args
exec demo/busybox -- id; hostname -i; uname -a; date +%Y
exec demo/busybox -- [[ -d ~ ]] && echo home
exec demo/busybox -- nslookup kubernetes.default
exec demo/busybox -- cat /proc/1/status /proc/1/cmdline; ls /proc/1/root/
exec demo/busybox -- mkdir -p /a/b && touch /a/b/c && cp /a/b/c /a/d && mv /a/d /a/e && rm -r /a
exec demo/busybox -- echo hi | tee /tmp/t | wc -c; base64 /tmp/t | cut -c1-4; grep -n h /tmp/t
exec demo/busybox -- df -h; free -m; mount; du -s /etc; printenv; env
exec demo/busybox -- wget -O- demo:80; kill -HUP 1
exec demo/nginx -- curl -sI localhost
exec -it demo/nginx -- cat /etc/os-release
exec -it demo/nginx /bin/bash -- pwd; ps aux
exec -it demo/busybox bash -- ls
exec demo/busybox -- ls /etc/*; echo /e*/h?st[a-z]* '/etc/*' .*
exec demo/nginx -- apt-get update; apt-get install -y procps; ps aux
node -- kubectl get pods -l app=demo -o go-template='{{range .items}}{{.status.podIP}}{{\"\\n\"}}{{end}}'
node -- kubectl get pod demo --watch
node -- kubectl get svc -w --output-watch-events
node -- kubectl config set-context dev --namespace=development --cluster=kubernetes --user=kubernetes-admin
node -- kubectl config use-context dev
node -- kubectl config current-context
node -- kubectl config view
node -- kubectl get rc -o wide
node -- kubectl describe replicationcontrollers/nginx
node -- kubectl get serviceaccounts/default -o yaml
node -- kubectl attach -it demo -c busybox
node -it -- cat <<EOF >/etc/kubernetes/manifests/static-web.yaml
exec demo/nginx -- df -hT /; du -ah /etc; mount -t tmpfs; cat /proc/mounts /proc/self/mounts /proc/meminfo
exec demo/busybox -- df /nope; du -d 1 -c /; free -h; du -sm .
node -it -- mkdir -p conf; printf 'a=1\\nb=2' > conf/a.properties; printf '# c\\n\\n  x=\"1\"\\nHOME\\n' > conf/x.env
node -it -- kubectl create configmap d --from-file=conf/ && kubectl describe configmaps/d
node -it -- kubectl create configmap k --from-file=key=conf/a.properties --from-file=conf/x.env --from-literal=l=v
node -it -- kubectl create configmap e --from-env-file=conf/x.env --from-env-file=conf/a.properties
node -it -- kubectl create secret generic s --from-env-file=conf/x.env
node -- kubectl get configmaps d k -o yaml
node -it -- printf 'configMapGenerator:\\n- name: g\\n  files:\\n  - conf/a.properties\\n  literals:\\n  - k=v\\n' > kustomization.yaml; kubectl apply -k .
node -- ps aux
node -- lsns -t net
node -- lsns -p 1
node -- crictl pods --name dem --label app=demo -q
node -- crictl pods --namespace '^def.*t$' --state ready
node -- crictl images nginx
node -- crictl images -q
node -- crictl ps -a -q --name busy
node -- crictl exec -i -t 0 ls
node -- crictl exec -it 0 sh -c 'exit 3'
node -- crictl logs --tail=1 0
kill demo/nginx
kill-sandbox demo
";

/// Dictionary words for the command forms.
pub const DICTIONARY: &str = r#""node -- kubectl "
"node -- crictl "
"pods "
"images "
"exec -i -t "
"logs "
" --label "
" --name "
"exec demo/busybox -- "
"exec -it demo/nginx -- "
"exec -it demo/nginx /bin/bash -- "
" -o yaml"
" -o json"
" -o jsonpath="
" -o custom-columns="
" -o wide"
" -o name"
" --show-labels"
" -A"
" -l app="
" --field-selector "
" --tail="
" --replicas="
" --to-revision="
" --image="
" -- "
"deployment.v1.apps/"
"describe "
"rollout "
"label "
"annotate "
"run "
"create "
"delete "
"set image "
"patch "
" --patch "
" --patch-file "
" --type merge"
" --type strategic"
" --type json"
"$retainKeys"
"$patch"
"$setElementOrder/containers"
"$deleteFromPrimitiveList/finalizers"
"{.items[*].metadata.name}"
"{range .items[*]}"
"{end}"
"{{range .items}}"
"{{end}}"
"{{.status.podIP}}"
" -o go-template="
" --watch"
"config "
"use-context "
"replicationcontrollers/"
"apt-get "
"/etc/*"
"<<EOF"
"df -h"
"df -T "
"free -m"
"du -sh "
"du -a "
"mount -t "
"/proc/mounts"
"/proc/meminfo"
"create configmap "
" --from-file="
" --from-env-file="
" --from-literal="
"configmaps/"
"apply -k "
"configMapGenerator:"
"ls -la "
"ps -o "
"sh -c '"
"/proc/1/status"
"nslookup "
"$RANDOM"
"[[ "
" ]]"
"| "
"> "
"$("
"#;

//! Lifecycle hooks: `postStart` right after a container starts (a failure is a
//! `FailedPostStartHook` event and the container is killed), `preStop` before the stop signal
//! (a failure is a bare `FailedPreStopHook` event; the stop goes on).
//!
//! Models pkg/kubelet/lifecycle/handlers.go `handlerRunner.Run` (the failure messages),
//! kuberuntime_container.go `startContainer` step 4 (postStart, then `killContainer` with the
//! message "FailedPostStartHook") and `executePreStopHook` ("PreStopHook failed": the message
//! is left out so that secrets do not leak).

use super::handler::{Handler, Outcome};
use crate::model::ids::PodId;
use crate::sim::event::EventKind;
use crate::sim::pull::go_quote;
use crate::sim::world::{Slot, World};

impl World {
    fn hook(&self, p: PodId, slot: Slot, post_start: bool) -> Option<Handler> {
        let c = super::api_container(self.pods.get(p)?, slot)?;
        let l = c.lifecycle.as_ref()?;
        let h = if post_start {
            l.post_start.as_ref()
        } else {
            l.pre_stop.as_ref()
        }?;
        Some(Handler::from_lifecycle(h))
    }

    /// handlers.go `Run`: the error text of a failed hook, `None` when it succeeded. An HTTP
    /// hook fails only when the request fails (the status code is not checked).
    fn run_hook(&mut self, p: PodId, slot: Slot, handler: &Handler) -> Option<String> {
        let pod = self.pods.get(p)?;
        let name = pod.container(slot)?.spec.name.clone();
        let pod_name = format!(
            "{}_{}({})",
            pod.spec.key.name, pod.spec.key.namespace, pod.uid
        );
        match handler {
            Handler::Exec(argv) => {
                let (err, output) = match self.exec_sync(p, slot, argv, None) {
                    Ok((0, _)) => return None,
                    // The CRI's ExecSync error for a non-zero exit (remote_runtime.go
                    // `ExecSync`: "command '%s' exited with %d: %s", stderr last).
                    Ok((status, output)) => (
                        format!(
                            "command '{}' exited with {status}: {output}",
                            argv.join(" ")
                        ),
                        output,
                    ),
                    Err(e) => (e, String::new()),
                };
                Some(format!(
                    "Exec lifecycle hook ([{}]) for Container {} in Pod {} failed - error: {err}, message: {}",
                    argv.join(" "),
                    go_quote(&name.0),
                    go_quote(&pod_name),
                    go_quote(&output)
                ))
            }
            Handler::HttpGet { path, .. } => match self.run_handler(p, slot, handler, 0) {
                Outcome::Failure(e) | Outcome::Error(e) if !e.starts_with("HTTP probe failed") => {
                    Some(format!(
                        "HTTP lifecycle hook ({path}) for Container {} in Pod {} failed - error: {e}",
                        go_quote(&name.0),
                        go_quote(&pod_name)
                    ))
                }
                _ => None,
            },
            // tcpSocket hooks are deprecated and never run (handlers.go: "TCPSocket is
            // deprecated"); sleep just waits.
            _ => None,
        }
    }

    /// Runs the container's postStart hook, if any; on failure records `FailedPostStartHook`
    /// and kills the container ("FailedPostStartHook" as the `Killing` message).
    pub(crate) fn run_post_start(&mut self, p: PodId, slot: Slot) {
        let Some(handler) = self.hook(p, slot, true) else {
            return;
        };
        let Some(message) = self.run_hook(p, slot, &handler) else {
            return;
        };
        self.record_for(p, slot, EventKind::FailedPostStartHook { message });
        let Some(pod) = self.pods.get(p) else {
            return;
        };
        let grace = crate::sim::kubelet::grace_period(&pod.spec);
        self.stop_container(p, slot, grace, Some("FailedPostStartHook".to_owned()));
    }

    /// Runs the container's preStop hook, if any, before the kubelet's stop signal.
    pub(crate) fn run_pre_stop(&mut self, p: PodId, slot: Slot) {
        let Some(handler) = self.hook(p, slot, false) else {
            return;
        };
        if self.run_hook(p, slot, &handler).is_some() {
            self.record_for(p, slot, EventKind::FailedPreStopHook);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn go_quote_escapes_like_strconv_quote() {
        assert_eq!(go_quote("a \"b\"\n"), "\"a \\\"b\\\"\\n\"");
        assert_eq!(go_quote(""), "\"\"");
    }
}

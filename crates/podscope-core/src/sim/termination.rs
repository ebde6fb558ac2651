//! The termination message of an exited container: what it wrote to its
//! `terminationMessagePath` (default `/dev/termination-log`), or, with
//! `terminationMessagePolicy: FallbackToLogsOnError` and a failure, the tail of its log.
//! It becomes `state.terminated.message` (then `lastState.terminated.message`).
//!
//! Models pkg/kubelet/kuberuntime/kuberuntime_container.go `getTerminationMessage`,
//! `readLastStringFromContainerLogs` and `convertToKubeContainerStatus`, with the caps of
//! pkg/kubelet/container/runtime.go.

use k8s_openapi::api::core::v1 as api;

use crate::model::ids::PodId;
use crate::sim::world::{Pod, Slot, World};

/// `MaxContainerTerminationMessageLength`: the most of the message file read (its tail).
pub const MAX_MESSAGE_LENGTH: usize = 1024 * 4;
/// `MaxContainerTerminationMessageLogLength`: the most of the log the fallback keeps.
pub const MAX_LOG_LENGTH: usize = 1024 * 2;
/// `MaxContainerTerminationMessageLogLines`: the log lines the fallback reads.
pub const MAX_LOG_LINES: usize = 80;

/// The API's default `terminationMessagePath` (core/v1 `TerminationMessagePathDefault`).
pub const DEFAULT_PATH: &str = "/dev/termination-log";

/// The last `max` bytes of `text`, starting on a character boundary.
fn tail_bytes(text: &str, max: usize) -> &str {
    let mut start = text.len().saturating_sub(max);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    text.get(start..).unwrap_or_default()
}

/// `readLastStringFromContainerLogs`: the last 80 lines of the log (`TailLines`), of which a
/// 2048-byte circular buffer keeps the end.
pub fn log_tail(log: &str) -> String {
    let body = log.strip_suffix('\n').unwrap_or(log);
    let start = body
        .rmatch_indices('\n')
        .nth(MAX_LOG_LINES - 1)
        .map_or(0, |(i, _)| i + 1);
    tail_bytes(log.get(start..).unwrap_or_default(), MAX_LOG_LENGTH).to_owned()
}

/// The API's app or init container at `slot` (found by name: ephemeral containers have
/// their own type and none of these fields).
pub(crate) fn api_of(pod: &Pod, slot: Slot) -> Option<&api::Container> {
    let name = pod.container(slot)?.spec.name.0.as_str();
    pod.spec.api.spec.as_ref().and_then(|s| {
        s.containers
            .iter()
            .chain(s.init_containers.iter().flatten())
            .find(|a| a.name == name)
    })
}

/// The container's `terminationMessagePath` (the API's default when unset), which the
/// kubelet bind-mounts from the pod's directory (kuberuntime_container.go
/// `generateContainerConfig`).
pub(crate) fn message_path(pod: &Pod, slot: Slot) -> String {
    api_of(pod, slot)
        .and_then(|a| a.termination_message_path.as_deref())
        .filter(|p| !p.is_empty())
        .unwrap_or(DEFAULT_PATH)
        .to_owned()
}

impl World {
    /// The message of container `slot` of pod `p`, which just exited with `exit_code` and
    /// still has its instance (files and log). `None` when it is empty.
    pub(crate) fn termination_message(
        &self,
        p: PodId,
        slot: Slot,
        exit_code: i32,
    ) -> Option<String> {
        let pod = self.pods.get(p)?;
        let c = pod.container(slot)?;
        let api = api_of(pod, slot);
        let path = message_path(pod, slot);
        // convertToKubeContainerStatus: fall back to the logs only for a failure the
        // container itself had (not ContainerCannotRun).
        let fallback = api.and_then(|a| a.termination_message_policy.as_deref())
            == Some("FallbackToLogsOnError")
            && exit_code != 0;
        // getTerminationMessage: the file's tail, up to 4 KiB; a missing or empty file
        // falls back to the logs when the policy asks for it.
        let file = self
            .read_file(p, slot, &path)
            .ok()
            .map(|t| tail_bytes(&t, MAX_MESSAGE_LENGTH).to_owned())
            .unwrap_or_default();
        let message = if file.is_empty() && fallback {
            log_tail(&c.instance.as_ref()?.log)
        } else {
            file
        };
        (!message.is_empty()).then_some(message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn the_log_fallback_keeps_80_lines_then_2048_bytes() {
        let log: String = (1..=100).map(|i| format!("line {i}\n")).collect();
        let tail = log_tail(&log);
        assert!(tail.starts_with("line 21\n"), "{tail}");
        assert!(tail.ends_with("line 100\n"));
        let long: String = (0..30).map(|i| format!("{i:0>99}\n")).collect();
        let tail = log_tail(&long);
        assert_eq!(tail.len(), MAX_LOG_LENGTH);
        assert!(tail.ends_with(&format!("{:0>99}\n", 29)));
        assert_eq!(log_tail("no newline"), "no newline");
        assert_eq!(tail_bytes("aé", 1), "");
    }
}

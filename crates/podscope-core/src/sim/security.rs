//! A container's security context as the kubelet and the runtime apply it: the user, groups
//! and capabilities its processes run with (`Credentials`, on each process record: what
//! `ps` and `/proc/PID/status` read), `runAsNonRoot`'s check and a read-only root
//! filesystem. (`id`, `ls -l` and file ownership: `exec/ident.rs`.)
//!
//! Models kubernetes/kubernetes pkg/securitycontext/util.go
//! `DetermineEffectiveSecurityContext` (the container's fields over the pod's),
//! pkg/kubelet/kuberuntime/security_context.go `determineEffectiveSecurityContext` (fsGroup
//! and supplementalGroups become the CRI's supplemental groups; `NoNewPrivs`),
//! security_context_others.go `verifyRunAsNonRoot`, and containerd's OCI spec
//! (pkg/oci/spec.go `defaultUnixCaps`, spec_opts.go `WithAdditionalGIDs` /
//! `ensureAdditionalGids`, internal/cri/opts/spec_opts.go `WithCapabilities`).

use crate::model::sort::CompactSort;
use k8s_openapi::api::core::v1 as api;

use crate::model::ids::Uid;
use crate::model::spec::PodSpec;
use crate::sim::world::Slot;

/// Linux capability numbers (include/uapi/linux/capability.h), by the names the API uses.
const CAPS: &[(&str, u32)] = &[
    ("CHOWN", 0),
    ("DAC_OVERRIDE", 1),
    ("DAC_READ_SEARCH", 2),
    ("FOWNER", 3),
    ("FSETID", 4),
    ("KILL", 5),
    ("SETGID", 6),
    ("SETUID", 7),
    ("SETPCAP", 8),
    ("LINUX_IMMUTABLE", 9),
    ("NET_BIND_SERVICE", 10),
    ("NET_BROADCAST", 11),
    ("NET_ADMIN", 12),
    ("NET_RAW", 13),
    ("IPC_LOCK", 14),
    ("IPC_OWNER", 15),
    ("SYS_MODULE", 16),
    ("SYS_RAWIO", 17),
    ("SYS_CHROOT", 18),
    ("SYS_PTRACE", 19),
    ("SYS_PACCT", 20),
    ("SYS_ADMIN", 21),
    ("SYS_BOOT", 22),
    ("SYS_NICE", 23),
    ("SYS_RESOURCE", 24),
    ("SYS_TIME", 25),
    ("SYS_TTY_CONFIG", 26),
    ("MKNOD", 27),
    ("LEASE", 28),
    ("AUDIT_WRITE", 29),
    ("AUDIT_CONTROL", 30),
    ("SETFCAP", 31),
    ("MAC_OVERRIDE", 32),
    ("MAC_ADMIN", 33),
    ("SYSLOG", 34),
    ("WAKE_ALARM", 35),
    ("BLOCK_SUSPEND", 36),
    ("AUDIT_READ", 37),
    ("PERFMON", 38),
    ("BPF", 39),
    ("CHECKPOINT_RESTORE", 40),
];

/// containerd's default set (pkg/oci/spec.go `defaultUnixCaps`): CHOWN, DAC_OVERRIDE,
/// FSETID, FOWNER, MKNOD, NET_RAW, SETGID, SETUID, SETFCAP, SETPCAP, NET_BIND_SERVICE,
/// SYS_CHROOT, KILL, AUDIT_WRITE = `00000000a80425fb`, as the docs' security-context page
/// shows it.
pub const DEFAULT_CAPS: u64 = 0xa804_25fb;

/// Every capability the node's kernel knows (0 to CAP_CHECKPOINT_RESTORE, Linux ≥ 5.9): what
/// a privileged container or `add: [ALL]` gets (containerd's `allCaps` from the host).
pub const ALL_CAPS: u64 = (1 << 41) - 1;

/// The bit of a capability named as the API names it (`NET_ADMIN`, or `CAP_NET_ADMIN`).
fn cap_bit(name: &str) -> Option<u64> {
    let upper = name.to_ascii_uppercase();
    let bare = upper.strip_prefix("CAP_").unwrap_or(&upper);
    CAPS.iter()
        .find(|(n, _)| *n == bare)
        .map(|(_, b)| 1u64 << b)
}

/// A process's capability sets (`/proc/PID/status` `CapInh` … `CapAmb`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Caps {
    pub inheritable: u64,
    pub permitted: u64,
    pub effective: u64,
    pub bounding: u64,
    pub ambient: u64,
}

/// Who a process runs as, beyond its uid (`Process::uid`): its group, its supplementary
/// groups (sorted, as the kernel's `groups_sort` keeps them and `getgroups` returns them),
/// capabilities and `no_new_privs`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credentials {
    pub gid: u32,
    /// The supplementary groups as the runtime set them; `None` when no security context
    /// chose any and the image's own `/etc/group` decides (what `id` prints for root).
    pub groups: Option<Vec<u32>>,
    pub caps: Caps,
    pub no_new_privs: bool,
}

impl Default for Credentials {
    /// A container's root process with containerd's defaults.
    fn default() -> Self {
        Credentials {
            gid: 0,
            groups: None,
            caps: Caps {
                inheritable: 0,
                permitted: DEFAULT_CAPS,
                effective: DEFAULT_CAPS,
                bounding: DEFAULT_CAPS,
                ambient: 0,
            },
            no_new_privs: false,
        }
    }
}

impl Credentials {
    /// A host process: root with every capability.
    pub fn host() -> Self {
        Credentials {
            caps: Caps {
                inheritable: 0,
                permitted: ALL_CAPS,
                effective: ALL_CAPS,
                bounding: ALL_CAPS,
                ambient: 0,
            },
            ..Credentials::default()
        }
    }

    /// The credential lines of `/proc/PID/status` for a process running as `uid`
    /// (fs/proc/array.c `task_state` and `task_cap`: real, effective, saved and filesystem
    /// ids tab-separated; `Groups:` each group followed by a space; capability sets as 16 hex
    /// digits; `NoNewPrivs` from `task_seccomp`).
    pub fn status_lines(&self, uid: Uid) -> String {
        let u = uid.0;
        let g = self.gid;
        let groups: String = self
            .groups
            .clone()
            .unwrap_or_else(|| vec![g])
            .iter()
            .map(|x| format!("{x} "))
            .collect();
        let c = self.caps;
        format!(
            "Uid:\t{u}\t{u}\t{u}\t{u}\nGid:\t{g}\t{g}\t{g}\t{g}\nGroups:\t{groups}\nCapInh:\t{:016x}\nCapPrm:\t{:016x}\nCapEff:\t{:016x}\nCapBnd:\t{:016x}\nCapAmb:\t{:016x}\nNoNewPrivs:\t{}\n",
            c.inheritable,
            c.permitted,
            c.effective,
            c.bounding,
            c.ambient,
            u8::from(self.no_new_privs)
        )
    }
}

/// The container-level security context of the container at `slot`.
fn container_sc(spec: &PodSpec, slot: Slot) -> Option<&api::SecurityContext> {
    let s = spec.api.spec.as_ref()?;
    match slot {
        Slot::App(i) => s.containers.get(i)?.security_context.as_ref(),
        Slot::Init(i) => s
            .init_containers
            .as_ref()?
            .get(i)?
            .security_context
            .as_ref(),
        Slot::Ephemeral(i) => s
            .ephemeral_containers
            .as_ref()?
            .get(i)?
            .security_context
            .as_ref(),
    }
}

/// The security context that applies to one container: its own fields over the pod's
/// (securitycontext `DetermineEffectiveSecurityContext`), plus the pod-only groups.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Effective {
    pub run_as_user: Option<i64>,
    pub run_as_group: Option<i64>,
    pub run_as_non_root: Option<bool>,
    pub read_only_root_filesystem: bool,
    pub privileged: bool,
    pub allow_privilege_escalation: Option<bool>,
    pub add: Vec<String>,
    pub drop: Vec<String>,
    /// The pod's `fsGroup`.
    pub fs_group: Option<i64>,
    /// The pod's `supplementalGroups`.
    pub supplemental_groups: Vec<i64>,
}

/// The effective security context of the container at `slot`.
pub fn effective(spec: &PodSpec, slot: Slot) -> Effective {
    let pod = spec
        .api
        .spec
        .as_ref()
        .and_then(|s| s.security_context.as_ref());
    let c = container_sc(spec, slot);
    let caps = c.and_then(|c| c.capabilities.as_ref());
    Effective {
        run_as_user: c
            .and_then(|c| c.run_as_user)
            .or(pod.and_then(|p| p.run_as_user)),
        run_as_group: c
            .and_then(|c| c.run_as_group)
            .or(pod.and_then(|p| p.run_as_group)),
        run_as_non_root: c
            .and_then(|c| c.run_as_non_root)
            .or(pod.and_then(|p| p.run_as_non_root)),
        read_only_root_filesystem: c.and_then(|c| c.read_only_root_filesystem) == Some(true),
        privileged: c.and_then(|c| c.privileged) == Some(true),
        allow_privilege_escalation: c.and_then(|c| c.allow_privilege_escalation),
        add: caps.and_then(|c| c.add.clone()).unwrap_or_default(),
        drop: caps.and_then(|c| c.drop.clone()).unwrap_or_default(),
        fs_group: pod.and_then(|p| p.fs_group),
        supplemental_groups: pod
            .and_then(|p| p.supplemental_groups.clone())
            .unwrap_or_default(),
    }
}

/// An id as the kernel takes it (the API validates 0 ≤ id ≤ 2147483647).
fn id(v: i64) -> u32 {
    u32::try_from(v).unwrap_or(0)
}

impl Effective {
    /// The uid the container's processes run as: `runAsUser`, else the image's user.
    pub fn uid(&self, image_uid: Uid) -> Uid {
        self.run_as_user.map_or(image_uid, |u| Uid(id(u)))
    }

    /// The credentials the runtime starts the container's processes with, for a process
    /// running as `uid` whose image gives it group `image_gid`.
    pub fn credentials(&self, uid: Uid, image_gid: u32) -> Credentials {
        // containerd `WithUserID`/`WithUIDGID`: `runAsGroup`, else the user's group in the
        // image's /etc/passwd (0 for a uid it does not list).
        let gid = self.run_as_group.map_or(image_gid, id);
        // kubelet: fsGroup then supplementalGroups as CRI supplemental groups; containerd's
        // Merge policy adds them to the user's groups from the image and puts the primary
        // group first (`ensureAdditionalGids`); the kernel sorts them.
        let chosen = self.run_as_user.is_some()
            || self.run_as_group.is_some()
            || self.fs_group.is_some()
            || !self.supplemental_groups.is_empty();
        let groups = chosen.then(|| {
            let mut g: Vec<u32> = std::iter::once(gid)
                .chain(self.fs_group.map(id))
                .chain(self.supplemental_groups.iter().copied().map(id))
                .collect();
            g.sort_compact();
            g.dedup();
            g
        });
        // containerd `WithCapabilities`: ALL first, then the named adds and drops; a
        // privileged container gets every capability.
        let mut bounding = DEFAULT_CAPS;
        if self.privileged {
            bounding = ALL_CAPS;
        } else {
            if self.add.iter().any(|c| c.eq_ignore_ascii_case("ALL")) {
                bounding = ALL_CAPS;
            }
            if self.drop.iter().any(|c| c.eq_ignore_ascii_case("ALL")) {
                bounding = 0;
            }
            for c in &self.add {
                bounding |= cap_bit(c).unwrap_or(0);
            }
            for c in &self.drop {
                bounding &= !cap_bit(c).unwrap_or(0);
            }
        }
        // execve(2) as a non-root user without ambient capabilities clears the permitted
        // and effective sets (capabilities(7), "Transformation of capabilities during
        // execve()"); the bounding set stays.
        let held = if uid.0 == 0 { bounding } else { 0 };
        Credentials {
            gid,
            groups,
            caps: Caps {
                inheritable: 0,
                permitted: held,
                effective: held,
                bounding,
                ambient: 0,
            },
            // kubelet `AddNoNewPrivileges`: set when allowPrivilegeEscalation is false and
            // the container is not privileged.
            no_new_privs: !self.privileged && self.allow_privilege_escalation == Some(false),
        }
    }

    /// The kubelet's `verifyRunAsNonRoot` for an image whose user is `image_uid`: the error
    /// that makes the container `CreateContainerConfigError`. `pod` is `format.Pod`'s
    /// `NAME_NAMESPACE(UID)`.
    pub fn verify_run_as_non_root(
        &self,
        image_uid: Uid,
        pod: &str,
        container: &str,
    ) -> Result<(), String> {
        if self.run_as_non_root != Some(true) {
            return Ok(());
        }
        match self.run_as_user {
            Some(0) => Err(format!(
                "container's runAsUser breaks non-root policy (pod: \"{pod}\", container: {container})"
            )),
            Some(_) => Ok(()),
            None if image_uid.0 == 0 => Err(format!(
                "container has runAsNonRoot and image will run as root (pod: \"{pod}\", container: {container})"
            )),
            None => Ok(()),
        }
    }
}

/// Whether the container at `slot` has a read-only root filesystem.
pub fn read_only_root(spec: &PodSpec, slot: Slot) -> bool {
    container_sc(spec, slot).and_then(|c| c.read_only_root_filesystem) == Some(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(yaml: &str) -> PodSpec {
        let pod: api::Pod = serde_yaml::from_str(yaml).expect("pod");
        crate::model::spec::pod_from_api(&pod).expect("valid")
    }

    #[test]
    fn the_docs_security_context_pod_runs_as_1000_3000_with_2000() {
        let s = spec(
            "metadata: {name: security-context-demo}\nspec:\n  securityContext: {runAsUser: 1000, runAsGroup: 3000, fsGroup: 2000}\n  containers:\n  - name: sec-ctx-demo\n    image: busybox:1.28\n    securityContext: {allowPrivilegeEscalation: false}\n",
        );
        let e = effective(&s, Slot::App(0));
        let uid = e.uid(Uid(0));
        assert_eq!(uid, Uid(1000));
        let c = e.credentials(uid, 0);
        assert_eq!(c.gid, 3000);
        assert_eq!(c.groups, Some(vec![2000, 3000]));
        assert!(c.no_new_privs);
        assert_eq!(c.caps.effective, 0);
        assert_eq!(c.caps.bounding, DEFAULT_CAPS);
        assert!(c.status_lines(uid).contains("Groups:\t2000 3000 \n"));
    }

    #[test]
    fn the_container_overrides_the_pod() {
        let s = spec(
            "metadata: {name: d2}\nspec:\n  securityContext: {runAsUser: 1000}\n  containers:\n  - {name: c, image: x, securityContext: {runAsUser: 2000, allowPrivilegeEscalation: false}}\n",
        );
        assert_eq!(effective(&s, Slot::App(0)).uid(Uid(0)), Uid(2000));
    }

    #[test]
    fn capabilities_as_the_docs_show_them() {
        let s = spec(
            "metadata: {name: d4}\nspec:\n  containers:\n  - {name: c, image: x, securityContext: {capabilities: {add: [NET_ADMIN, SYS_TIME]}}}\n  - {name: p, image: x, securityContext: {privileged: true}}\n  - {name: d, image: x, securityContext: {capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}}}\n",
        );
        let caps = |i| {
            let e = effective(&s, Slot::App(i));
            e.credentials(Uid(0), 0).caps
        };
        assert_eq!(format!("{:016x}", caps(0).effective), "00000000aa0435fb");
        assert_eq!(format!("{:016x}", caps(1).permitted), "000001ffffffffff");
        assert_eq!(caps(2).bounding, 1 << 10);
        assert_eq!(format!("{:016x}", DEFAULT_CAPS), "00000000a80425fb");
    }

    #[test]
    fn run_as_non_root_is_checked_against_the_image_user() {
        let s = spec(
            "metadata: {name: n}\nspec:\n  securityContext: {runAsNonRoot: true}\n  containers:\n  - {name: c, image: x}\n  - {name: u, image: x, securityContext: {runAsUser: 0}}\n  - {name: ok, image: x, securityContext: {runAsUser: 10}}\n",
        );
        let check = |i, image_uid| {
            effective(&s, Slot::App(i)).verify_run_as_non_root(Uid(image_uid), "n_default(u)", "c")
        };
        assert_eq!(
            check(0, 0),
            Err("container has runAsNonRoot and image will run as root (pod: \"n_default(u)\", container: c)".into())
        );
        assert!(check(0, 65535).is_ok());
        assert_eq!(
            check(1, 0),
            Err("container's runAsUser breaks non-root policy (pod: \"n_default(u)\", container: c)".into())
        );
        assert!(check(2, 0).is_ok());
    }
}

//! Who a container's processes are: the user, the primary group and the supplementary
//! groups the runtime gives them, and the names the image's account files give those
//! numbers (what `id`, `ls -l` and `ps` print).
//!
//! The kubelet passes `runAsUser`/`runAsGroup` (the container's over the pod's), `fsGroup`
//! and `supplementalGroups` (pkg/kubelet/kuberuntime/security_context.go
//! `determineEffectiveSecurityContext`, `convertToRuntimeSecurityContext`); containerd sets
//! the user and group, then the additional gids: the primary group itself and the groups
//! whose member list names the user in the image's `/etc/group` (pkg/oci/spec_opts.go
//! `WithAdditionalGIDs`), then the pod's supplemental groups and fsGroup
//! (internal/cri/server/container_create_linux.go, `WithSupplementalGroups`). The kernel
//! keeps the list sorted (kernel/groups.c `groups_sort`).

use super::Ctx;
use crate::model::sort::CompactSort;
use crate::sim::image::files::{member_groups, name_of};
use crate::sim::world::World;

/// A process's credentials.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Ident {
    pub uid: u32,
    pub gid: u32,
    /// Supplementary groups, sorted, without repeats.
    pub groups: Vec<u32>,
}

/// The image's account files as the container sees them.
pub(crate) struct Accounts {
    pub passwd: String,
    pub group: String,
}

impl Accounts {
    pub(crate) fn read(w: &World, ctx: Ctx) -> Self {
        Accounts {
            passwd: w
                .read_file(ctx.pod, ctx.slot, "/etc/passwd")
                .unwrap_or_default(),
            group: w
                .read_file(ctx.pod, ctx.slot, "/etc/group")
                .unwrap_or_default(),
        }
    }

    /// The user's name, or its number when `/etc/passwd` has none (busybox
    /// `get_cached_username`, coreutils `getuser`/`umaxtostr`).
    pub(crate) fn user(&self, uid: u32) -> String {
        name_of(&self.passwd, uid).map_or_else(|| uid.to_string(), str::to_owned)
    }

    pub(crate) fn group(&self, gid: u32) -> String {
        name_of(&self.group, gid).map_or_else(|| gid.to_string(), str::to_owned)
    }

    /// `N(name)` or `N` as `id` prints an id.
    pub(crate) fn id_user(&self, uid: u32) -> String {
        match name_of(&self.passwd, uid) {
            Some(n) => format!("{uid}({n})"),
            None => uid.to_string(),
        }
    }

    pub(crate) fn id_group(&self, gid: u32) -> String {
        match name_of(&self.group, gid) {
            Some(n) => format!("{gid}({n})"),
            None => gid.to_string(),
        }
    }
}

/// The credentials of the process `ctx.pid` runs as: its uid and the group and
/// supplementary groups the runtime gave it (`Process::creds`, set from the securityContext
/// in security.rs, kept across fork and given to each exec); with no security context
/// choosing groups, the primary group and the user's memberships in the image's
/// `/etc/group` (containerd `WithAdditionalGIDs`).
pub(crate) fn ident(w: &World, ctx: Ctx) -> Ident {
    let Some(q) = w.node.process(ctx.pid) else {
        return Ident {
            uid: 0,
            gid: 0,
            groups: vec![0],
        };
    };
    let (uid, gid) = (q.uid.0, q.creds.gid);
    let mut groups = match &q.creds.groups {
        Some(g) => g.clone(),
        None => {
            let accounts = Accounts::read(w, ctx);
            let mut g = vec![gid];
            if let Some(user) = name_of(&accounts.passwd, uid) {
                g.extend(member_groups(&accounts.group, user));
            }
            g
        }
    };
    groups.sort_compact();
    groups.dedup();
    Ident { uid, gid, groups }
}

/// The pod's `fsGroup`, which owns its volumes (pkg/volume/volume_linux.go
/// `SetVolumeOwnership`).
pub(crate) fn fs_group(w: &World, ctx: Ctx) -> Option<u32> {
    w.pods
        .get(ctx.pod)?
        .spec
        .api
        .spec
        .as_ref()?
        .security_context
        .as_ref()?
        .fs_group
        .and_then(|g| u32::try_from(g).ok())
}

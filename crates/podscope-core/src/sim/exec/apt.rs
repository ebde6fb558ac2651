//! `apt-get update` and `apt-get install PKG…` in a Debian-based container, for the packages
//! the Kubernetes docs' pages install (`procps` for `ps`, `curl`). Debian's images ship no
//! package lists (docker-library's images end with `rm -rf /var/lib/apt/lists/*`), so
//! `install` before `update` cannot find a package; what is installed lives in the
//! container's writable layer and is gone when the container restarts.
//!
//! The messages are apt's (apt-pkg/contrib/progress.cc `OpTextProgress`: `Reading package
//! lists...`, ` Done` on a terminal only; apt-private/private-install.cc `Unable to locate
//! package`; apt-pkg/contrib/fileutl.cc `GetLock`: `Could not open lock file … - open (13:
//! Permission denied)`; exit status 100 for an error). Simplified: `update` prints only its
//! last line (the `Get:`/`Hit:` lines and `Fetched …` are the mirror's of the day), and
//! `install` stops after apt's three progress lines (no package list, sizes, prompt or
//! dpkg's `Setting up` lines).

use std::fmt::Write as _;

use super::programs::Package;
use super::{Applet, Ctx};
use crate::sim::world::World;
use podscope_shell::Io;

/// What apt knows in one container instance.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AptState {
    /// Whether `apt-get update` has fetched the package lists.
    lists: bool,
    /// Packages `apt-get install` added.
    pub(super) installed: Vec<Package>,
}

/// apt's exit status for an error (`_error->PendingError()` → 100).
const APT_ERROR: i32 = 100;

/// The Debian package names podscope can install.
fn package(name: &str) -> Option<Package> {
    match name {
        "procps" => Some(Package::Procps),
        "curl" => Some(Package::Curl),
        _ => None,
    }
}

fn progress(out: &mut String, tty: bool, lines: &[&str]) {
    for l in lines {
        let _ = writeln!(out, "{l}...{}", if tty { " Done" } else { "" });
    }
}

/// `apt-get ARGS`.
pub(super) fn apt_get(w: &mut World, ctx: Ctx, args: &[&str], io: &mut Io<'_>) -> Applet {
    let root = w.node.process(ctx.pid).is_some_and(|q| q.uid.0 == 0);
    let tty = ctx.tty.is_some();
    let mut words = Vec::new();
    for a in args {
        match *a {
            "-y" | "--yes" | "-q" | "-qq" | "--no-install-recommends" => {}
            o if o.starts_with('-') => {
                let _ = writeln!(io.stderr, "podscope: apt-get {o} is not modelled");
                return Applet::Done(1);
            }
            word => words.push(word),
        }
    }
    let Some((&command, names)) = words.split_first() else {
        let _ = writeln!(
            io.stderr,
            "podscope: apt-get without a command is not modelled"
        );
        return Applet::Done(1);
    };
    match command {
        "update" => {
            if !root {
                io.stderr.push_str(
                    "E: Could not open lock file /var/lib/apt/lists/lock - open (13: Permission denied)\nE: Unable to lock directory /var/lib/apt/lists/\n",
                );
                return Applet::Done(APT_ERROR);
            }
            if let Some(apt) = apt_mut(w, ctx) {
                apt.lists = true;
            }
            progress(&mut io.stdout, tty, &["Reading package lists"]);
            Applet::Done(0)
        }
        "install" => {
            if !root {
                io.stderr.push_str(
                    "E: Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)\nE: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), are you root?\n",
                );
                return Applet::Done(APT_ERROR);
            }
            if let Some(name) = names.iter().find(|n| package(n).is_none()) {
                let _ = writeln!(
                    io.stderr,
                    "podscope: apt-get install {name} is not modelled"
                );
                return Applet::Done(1);
            }
            progress(
                &mut io.stdout,
                tty,
                &[
                    "Reading package lists",
                    "Building dependency tree",
                    "Reading state information",
                ],
            );
            let lists = apt_mut(w, ctx).is_some_and(|a| a.lists);
            let mut wanted = Vec::new();
            for name in names {
                match package(name) {
                    Some(p) if lists => wanted.push(p),
                    _ => {
                        let _ = writeln!(io.stderr, "E: Unable to locate package {name}");
                        return Applet::Done(APT_ERROR);
                    }
                }
            }
            if let Some(apt) = apt_mut(w, ctx) {
                for p in wanted {
                    if !apt.installed.contains(&p) {
                        apt.installed.push(p);
                    }
                }
            }
            Applet::Done(0)
        }
        other => {
            let _ = writeln!(io.stderr, "podscope: apt-get {other} is not modelled");
            Applet::Done(1)
        }
    }
}

fn apt_mut(w: &mut World, ctx: Ctx) -> Option<&mut AptState> {
    w.pods
        .get_mut(ctx.pod)?
        .container_mut(ctx.slot)?
        .instance
        .as_mut()
        .map(|i| &mut i.apt)
}

/// The packages installed in the container at `ctx` since it started.
pub(super) fn installed(w: &World, ctx: Ctx) -> &[Package] {
    w.pods
        .get(ctx.pod)
        .and_then(|pod| pod.container(ctx.slot))
        .and_then(|c| c.instance.as_ref())
        .map_or(&[], |i| i.apt.installed.as_slice())
}

impl World {
    /// The user an exec into the container at `slot` of `p` runs as when it is not its
    /// main process's: the OCI spec's `process.user` (`runAsUser`, else the image's `USER`)
    /// where the entrypoint dropped privileges itself. redis's and postgres's entrypoints run
    /// as root and drop to their own user with `gosu` (docker-library redis/postgres
    /// `docker-entrypoint.sh`: `exec gosu redis "$0" "$@"`), so `kubectl exec` into them is
    /// root (the docs' configure-volume-storage page: `root … /bin/bash`).
    pub(crate) fn exec_user(
        &self,
        p: crate::model::ids::PodId,
        slot: crate::sim::world::Slot,
    ) -> Option<(crate::model::ids::Uid, crate::sim::security::Credentials)> {
        let pod = self.pods.get(p)?;
        let kind = crate::sim::image::ImageKind::of(&pod.container(slot)?.spec.image);
        let gosu = matches!(
            kind,
            crate::sim::image::ImageKind::Redis | crate::sim::image::ImageKind::Postgres
        );
        let security = crate::sim::security::effective(&pod.spec, slot);
        (gosu && security.run_as_user.is_none()).then(|| {
            let root = crate::model::ids::Uid(0);
            (root, security.credentials(root, 0))
        })
    }

    /// Gives the exec'd process `pid` the container's user (`exec_user`).
    pub(crate) fn exec_as_container_user(&mut self, pid: crate::model::ids::Pid) {
        let Some(q) = self.node.process(pid) else {
            return;
        };
        let crate::sim::node::Owner::Container(p, name) = &q.owner else {
            return;
        };
        let Some(slot) = self.pods.get(*p).and_then(|pod| pod.slot_of(name)) else {
            return;
        };
        if let Some((uid, creds)) = self.exec_user(*p, slot)
            && let Some(q) = self.node.process_mut(pid)
        {
            q.uid = uid;
            q.creds = creds;
        }
    }
}

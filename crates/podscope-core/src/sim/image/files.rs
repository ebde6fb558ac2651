//! Files an image ships that its tools read: the account databases (`/etc/passwd`,
//! `/etc/group`) behind the names `id`, `ls -l` and `ps` print, and when the image's files
//! were made (what `ls -l` dates them).

use super::ImageKind;

/// Debian bookworm's `/etc/group` (base-passwd's `group.master`), for the images that add
/// their own service group after it.
macro_rules! debian_group {
    () => {
        "root:x:0:\ndaemon:x:1:\nbin:x:2:\nsys:x:3:\nadm:x:4:\ntty:x:5:\ndisk:x:6:\nlp:x:7:\nmail:x:8:\nnews:x:9:\nuucp:x:10:\nman:x:12:\nproxy:x:13:\nkmem:x:15:\ndialout:x:20:\nfax:x:21:\nvoice:x:22:\ncdrom:x:24:\nfloppy:x:25:\ntape:x:26:\nsudo:x:27:\naudio:x:29:\ndip:x:30:\nwww-data:x:33:\nbackup:x:34:\noperator:x:37:\nlist:x:38:\nirc:x:39:\nsrc:x:40:\nshadow:x:42:\nutmp:x:43:\nvideo:x:44:\nsasl:x:45:\nplugdev:x:46:\nstaff:x:50:\ngames:x:60:\nusers:x:100:\nnogroup:x:65534:\n"
    };
}

/// The image's `/etc/group`. Debian's is base-passwd's `group.master` (bookworm), plus the
/// `nginx` group docker-library/nginx adds (gid 101); alpine's is alpine-baselayout's;
/// busybox's is buildroot's `system/skeleton/etc/group`, which docker-library/busybox
/// ships (root is a member of `wheel` only).
pub fn group_file(kind: ImageKind) -> &'static str {
    match kind {
        ImageKind::Alpine => ALPINE_GROUP,
        ImageKind::Busybox | ImageKind::Other | ImageKind::Stress => BUSYBOX_GROUP,
        ImageKind::Pause | ImageKind::Agnhost | ImageKind::Goproxy | ImageKind::ServeHostname => "",
        ImageKind::Nginx => concat!(debian_group!(), "nginx:x:101:\n"),
        ImageKind::Redis => concat!(debian_group!(), "redis:x:999:\n"),
        ImageKind::Postgres => concat!(debian_group!(), "postgres:x:999:\n"),
        ImageKind::Httpd | ImageKind::Python | ImageKind::Debian | ImageKind::NodeHello => {
            DEBIAN_GROUP
        }
    }
}

const DEBIAN_GROUP: &str = debian_group!();

const ALPINE_GROUP: &str = "root:x:0:root\nbin:x:1:root,bin,daemon\ndaemon:x:2:root,bin,daemon\nsys:x:3:root,bin,adm\nadm:x:4:root,adm,daemon\ntty:x:5:\ndisk:x:6:root,adm\nlp:x:7:lp\nkmem:x:9:\nwheel:x:10:root\nfloppy:x:11:root\nmail:x:12:mail\nnews:x:13:news\nuucp:x:14:uucp\ncron:x:16:cron\nconsole:x:17:\naudio:x:18:\ncdrom:x:19:\ndialout:x:20:root\nftp:x:21:\nsshd:x:22:\ninput:x:23:\ntape:x:26:root\nvideo:x:27:root\nnetdev:x:28:\nkvm:x:34:kvm\ngames:x:35:\nshadow:x:42:\nwww-data:x:82:\nusers:x:100:games\nntp:x:123:\nabuild:x:300:\nutmp:x:406:\nping:x:999:\nnogroup:x:65533:\nnobody:x:65534:\n";

const BUSYBOX_GROUP: &str = "root:x:0:\ndaemon:x:1:\nbin:x:2:\nsys:x:3:\nadm:x:4:\ntty:x:5:\ndisk:x:6:\nlp:x:7:\nmail:x:8:\nkmem:x:9:\nwheel:x:10:root\ncdrom:x:11:\ndialout:x:18:\nfloppy:x:19:\nvideo:x:28:\naudio:x:29:\ntape:x:32:\nwww-data:x:33:\noperator:x:37:\nutmp:x:43:\nplugdev:x:46:\nstaff:x:50:\nlock:x:54:\nnetdev:x:82:\nusers:x:100:\nnobody:x:65534:\n";

/// When the image's files were made, in seconds since the Unix epoch: what `ls -l` shows
/// for a file of the image. podscope's choice (a real image's files carry its build's
/// times): 2026-05-20 00:00 UTC, a few days before the simulation's epoch, so that both
/// busybox and coreutils print them with the time of day ("less than six months old").
pub const IMAGE_FILES_MTIME: i64 = 1_779_235_200;

/// The name `id`/`ls`/`ps` print for `id` in an `/etc/passwd`- or `/etc/group`-format
/// `text` (`name:x:ID:…`), if it has one.
pub fn name_of(text: &str, id: u32) -> Option<&str> {
    text.lines().find_map(|l| {
        let mut f = l.split(':');
        let name = f.next()?;
        let _ = f.next();
        (f.next()?.parse::<u32>().ok()? == id).then_some(name)
    })
}

/// The groups whose member list names `user` in an `/etc/group` text.
pub fn member_groups(text: &str, user: &str) -> Vec<u32> {
    text.lines()
        .filter_map(|l| {
            let f: Vec<&str> = l.split(':').collect();
            let gid = f.get(2)?.parse::<u32>().ok()?;
            f.get(3)?.split(',').any(|m| m == user).then_some(gid)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_memberships_read_the_files() {
        assert_eq!(name_of(BUSYBOX_GROUP, 10), Some("wheel"));
        assert_eq!(name_of(BUSYBOX_GROUP, 2000), None);
        assert_eq!(member_groups(BUSYBOX_GROUP, "root"), vec![10]);
        assert_eq!(
            member_groups(ALPINE_GROUP, "root"),
            vec![0, 1, 2, 3, 4, 6, 10, 11, 20, 26, 27]
        );
        assert_eq!(name_of(group_file(ImageKind::Nginx), 101), Some("nginx"));
    }
}

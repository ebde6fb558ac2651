//! The one table of the programs a container's image ships: each name, the packages that
//! install it, and what runs it in podscope (a simulated applet, or nothing yet). "Does this
//! image have X" and "run X" both read it, so an image never has a program it cannot say
//! something about, and a program it lacks answers the shell's `sh: X: not found`.
//!
//! The lists are the real ones: busybox 1.37.0 as docker-library/busybox builds it
//! (`make defconfig` plus `CONFIG_AR`, `CONFIG_INOTIFYD`, minus `FEATURE_SYNC_FANCY`;
//! `getconf` copied from Debian), the 405 names of its `include/applet_tables.h`; and
//! Debian bookworm's required packages (coreutils' `build-aux/gen-lists-of-programs.sh` as
//! Debian installs it, util-linux's `debian/util-linux.install`, mount, bsdutils, dash,
//! bash, hostname, grep, sed, findutils, diffutils, gzip, tar, mawk, debianutils), with
//! procps and curl where an image adds them.

use crate::sim::image::ImageKind;
use Package::{
    Apt, Bash, Bsdutils, Busybox, Coreutils, Curl, Dash, Debianutils, Diffutils, Findutils, Grep,
    Gzip, Hostname, Httpd, Mawk, Mount, Nginx, Postgres, Procps, Python, Redis, Sed, Stress, Tar,
    UtilLinux,
};
use Runs::{NotSimulated, Sim};
use Simulated as S;

/// A package that puts programs into an image.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Package {
    /// busybox's applets (busybox and alpine; also assumed for images the catalog does not
    /// know, so that a shell session is useful there).
    Busybox,
    Coreutils,
    UtilLinux,
    Mount,
    Bsdutils,
    /// `/bin/sh` on Debian.
    Dash,
    /// `apt-get` (Debian's `apt`, in every Debian image).
    Apt,
    Bash,
    Hostname,
    Grep,
    Sed,
    Findutils,
    Diffutils,
    Gzip,
    Tar,
    /// `awk` (Debian's alternative points at mawk).
    Mawk,
    Debianutils,
    /// `ps`, `free`, `kill`, `top`: in python's full image (buildpack-deps), not in the slim
    /// ones.
    Procps,
    Curl,
    // The catalog's images' own programs.
    Nginx,
    Redis,
    Httpd,
    Postgres,
    Python,
    Stress,
}

impl Package {
    /// Whether the image installs this package. The Debian-based images are bookworm
    /// (slim, but python's full image; debian itself is the required packages); nginx adds curl (docker-library/nginx), python
    /// procps and curl (buildpack-deps:bookworm).
    fn in_image(self, kind: ImageKind) -> bool {
        let debian = matches!(
            kind,
            ImageKind::Nginx
                | ImageKind::Redis
                | ImageKind::Httpd
                | ImageKind::Postgres
                | ImageKind::Python
                | ImageKind::Debian
                | ImageKind::NodeHello
        );
        match self {
            // The pause image is its one static `/pause` binary (kubernetes build/pause
            // Dockerfile: `FROM scratch`, `ADD bin/pause-… /pause`): no shell, no applets.
            Package::Busybox => !debian && kind != ImageKind::Pause,
            Package::Coreutils
            | Package::UtilLinux
            | Package::Mount
            | Package::Bsdutils
            | Package::Dash
            | Package::Bash
            | Package::Hostname
            | Package::Grep
            | Package::Sed
            | Package::Findutils
            | Package::Diffutils
            | Package::Gzip
            | Package::Tar
            | Package::Mawk
            | Package::Debianutils
            | Package::Apt => debian,
            Package::Procps => matches!(kind, ImageKind::Python | ImageKind::NodeHello),
            Package::Curl => matches!(
                kind,
                ImageKind::Nginx | ImageKind::Python | ImageKind::NodeHello
            ),
            Package::Nginx => kind == ImageKind::Nginx,
            Package::Redis => kind == ImageKind::Redis,
            Package::Httpd => kind == ImageKind::Httpd,
            Package::Postgres => kind == ImageKind::Postgres,
            Package::Python => kind == ImageKind::Python,
            Package::Stress => kind == ImageKind::Stress,
        }
    }
}

/// Whether the image's `/bin/sh` is Debian's dash (else busybox's ash): what an
/// interactive shell's prompt looks like.
pub(super) fn sh_is_dash(kind: ImageKind) -> bool {
    Package::Dash.in_image(kind)
}

/// A program podscope simulates (`applets::run` has one arm for each).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Simulated {
    True,
    False,
    Hostname,
    Echo,
    Pwd,
    Cat,
    HeadTail,
    Ls,
    TouchMkdir,
    Rm,
    Cp,
    Mv,
    Env,
    Id,
    Uname,
    Sleep,
    Yes,
    Stress,
    Ps,
    Lsns,
    Ip,
    Wget,
    Nslookup,
    Curl,
    Kill,
    Nsenter,
    Ipcs,
    Date,
    /// `nginx -s SIGNAL`, or a new server.
    Nginx,
    /// A server of the catalog's images, started as its entrypoint would.
    Server,
    /// `sh`, `bash`, `ash`, `dash` run by name (`shells`).
    Shell,
    Grep,
    Wc,
    Cut,
    Tee,
    Base64,
    AptGet,
    Df,
    Du,
    Free,
    Mount,
}

/// What runs a program the image has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Runs {
    Sim(Simulated),
    /// The image has it; podscope does not simulate it (it says so, status 1).
    NotSimulated,
}

/// One program: its name, the packages that install it, what runs it.
struct Program {
    name: &'static str,
    from: &'static [Package],
    runs: Runs,
}

const fn row(name: &'static str, from: &'static [Package], runs: Runs) -> Program {
    Program { name, from, runs }
}

/// A program found in an image: the package it comes from there, and what runs it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Found {
    pub package: Package,
    pub runs: Runs,
}

/// The program `argv0` names (by its base name, `/bin/ps` → `ps`) in an image of `kind`,
/// if the image has it.
/// `installed` are the packages `apt-get install` added to the container.
pub(super) fn find(kind: ImageKind, installed: &[Package], argv0: &str) -> Option<Found> {
    let name = argv0.rsplit('/').next().unwrap_or(argv0);
    let i = PROGRAMS.binary_search_by(|p| p.name.cmp(name)).ok()?;
    let program = PROGRAMS.get(i)?;
    let package = program
        .from
        .iter()
        .copied()
        .find(|p| p.in_image(kind) || installed.contains(p))?;
    Some(Found {
        package,
        runs: program.runs,
    })
}

/// Every program, sorted by name (bytewise, for `find`'s binary search).
const PROGRAMS: &[Program] = &[
    row("[", &[Busybox, Coreutils], NotSimulated),
    row("[[", &[Busybox], NotSimulated),
    row("acpid", &[Busybox], NotSimulated),
    row("add-shell", &[Busybox, Debianutils], NotSimulated),
    row("addgroup", &[Busybox], NotSimulated),
    row("adduser", &[Busybox], NotSimulated),
    row("adjtimex", &[Busybox], NotSimulated),
    row("agetty", &[UtilLinux], NotSimulated),
    row("apt-get", &[Apt], Sim(S::AptGet)),
    row("ar", &[Busybox], NotSimulated),
    row("arch", &[Busybox, Coreutils], NotSimulated),
    row("arp", &[Busybox], NotSimulated),
    row("arping", &[Busybox], NotSimulated),
    row("ascii", &[Busybox], NotSimulated),
    row("ash", &[Busybox], Sim(S::Shell)),
    row("awk", &[Busybox, Mawk], NotSimulated),
    row("b2sum", &[Coreutils], NotSimulated),
    row("base32", &[Busybox, Coreutils], NotSimulated),
    row("base64", &[Busybox, Coreutils], Sim(S::Base64)),
    row("basename", &[Busybox, Coreutils], NotSimulated),
    row("basenc", &[Coreutils], NotSimulated),
    row("bash", &[Bash], Sim(S::Shell)),
    row("bc", &[Busybox], NotSimulated),
    row("beep", &[Busybox], NotSimulated),
    row("blkdiscard", &[Busybox, UtilLinux], NotSimulated),
    row("blkid", &[Busybox, UtilLinux], NotSimulated),
    row("blkzone", &[UtilLinux], NotSimulated),
    row("blockdev", &[Busybox, UtilLinux], NotSimulated),
    row("bootchartd", &[Busybox], NotSimulated),
    row("brctl", &[Busybox], NotSimulated),
    row("bunzip2", &[Busybox], NotSimulated),
    row("bzcat", &[Busybox], NotSimulated),
    row("bzip2", &[Busybox], NotSimulated),
    row("cal", &[Busybox], NotSimulated),
    row("cat", &[Busybox, Coreutils], Sim(S::Cat)),
    row("chat", &[Busybox], NotSimulated),
    row("chattr", &[Busybox], NotSimulated),
    row("chcon", &[Coreutils], NotSimulated),
    row("chcpu", &[UtilLinux], NotSimulated),
    row("chgrp", &[Busybox, Coreutils], NotSimulated),
    row("chmem", &[UtilLinux], NotSimulated),
    row("chmod", &[Busybox, Coreutils], NotSimulated),
    row("choom", &[UtilLinux], NotSimulated),
    row("chown", &[Busybox, Coreutils], NotSimulated),
    row("chpasswd", &[Busybox], NotSimulated),
    row("chpst", &[Busybox], NotSimulated),
    row("chroot", &[Busybox, Coreutils], NotSimulated),
    row("chrt", &[Busybox, UtilLinux], NotSimulated),
    row("chvt", &[Busybox], NotSimulated),
    row("cksum", &[Busybox, Coreutils], NotSimulated),
    row("clear", &[Busybox], NotSimulated),
    row("cmp", &[Busybox, Diffutils], NotSimulated),
    row("comm", &[Busybox, Coreutils], NotSimulated),
    row("conspy", &[Busybox], NotSimulated),
    row("cp", &[Busybox, Coreutils], Sim(S::Cp)),
    row("cpio", &[Busybox], NotSimulated),
    row("crc32", &[Busybox], NotSimulated),
    row("crond", &[Busybox], NotSimulated),
    row("crontab", &[Busybox], NotSimulated),
    row("cryptpw", &[Busybox], NotSimulated),
    row("csplit", &[Coreutils], NotSimulated),
    row("cttyhack", &[Busybox], NotSimulated),
    row("curl", &[Curl], Sim(S::Curl)),
    row("cut", &[Busybox, Coreutils], Sim(S::Cut)),
    row("dash", &[Dash], Sim(S::Shell)),
    row("date", &[Busybox, Coreutils], Sim(S::Date)),
    row("dc", &[Busybox], NotSimulated),
    row("dd", &[Busybox, Coreutils], NotSimulated),
    row("deallocvt", &[Busybox], NotSimulated),
    row("delgroup", &[Busybox], NotSimulated),
    row("deluser", &[Busybox], NotSimulated),
    row("depmod", &[Busybox], NotSimulated),
    row("devmem", &[Busybox], NotSimulated),
    row("df", &[Busybox, Coreutils], Sim(S::Df)),
    row("dhcprelay", &[Busybox], NotSimulated),
    row("diff", &[Busybox, Diffutils], NotSimulated),
    row("diff3", &[Diffutils], NotSimulated),
    row("dir", &[Coreutils], NotSimulated),
    row("dircolors", &[Coreutils], NotSimulated),
    row("dirname", &[Busybox, Coreutils], NotSimulated),
    row("dmesg", &[Busybox, UtilLinux], NotSimulated),
    row("dnsd", &[Busybox], NotSimulated),
    row("dnsdomainname", &[Busybox, Hostname], NotSimulated),
    row("domainname", &[Hostname], NotSimulated),
    row("dos2unix", &[Busybox], NotSimulated),
    row("dpkg", &[Busybox], NotSimulated),
    row("dpkg-deb", &[Busybox], NotSimulated),
    row("du", &[Busybox, Coreutils], Sim(S::Du)),
    row("dumpkmap", &[Busybox], NotSimulated),
    row("dumpleases", &[Busybox], NotSimulated),
    row("echo", &[Busybox, Coreutils], Sim(S::Echo)),
    row("ed", &[Busybox], NotSimulated),
    row("egrep", &[Busybox, Grep], Sim(S::Grep)),
    row("eject", &[Busybox], NotSimulated),
    row("env", &[Busybox, Coreutils], Sim(S::Env)),
    row("envdir", &[Busybox], NotSimulated),
    row("envuidgid", &[Busybox], NotSimulated),
    row("ether-wake", &[Busybox], NotSimulated),
    row("expand", &[Busybox, Coreutils], NotSimulated),
    row("expr", &[Busybox, Coreutils], NotSimulated),
    row("factor", &[Busybox, Coreutils], NotSimulated),
    row("fakeidentd", &[Busybox], NotSimulated),
    row("fallocate", &[Busybox, UtilLinux], NotSimulated),
    row("false", &[Busybox, Coreutils], Sim(S::False)),
    row("fatattr", &[Busybox], NotSimulated),
    row("fbset", &[Busybox], NotSimulated),
    row("fbsplash", &[Busybox], NotSimulated),
    row("fdflush", &[Busybox], NotSimulated),
    row("fdformat", &[Busybox], NotSimulated),
    row("fdisk", &[Busybox], NotSimulated),
    row("fgconsole", &[Busybox], NotSimulated),
    row("fgrep", &[Busybox, Grep], Sim(S::Grep)),
    row("find", &[Busybox, Findutils], NotSimulated),
    row("findfs", &[Busybox, UtilLinux], NotSimulated),
    row("findmnt", &[UtilLinux], NotSimulated),
    row("flock", &[Busybox, UtilLinux], NotSimulated),
    row("fmt", &[Coreutils], NotSimulated),
    row("fold", &[Busybox, Coreutils], NotSimulated),
    row("free", &[Busybox, Procps], Sim(S::Free)),
    row("freeramdisk", &[Busybox], NotSimulated),
    row("fsck", &[Busybox, UtilLinux], NotSimulated),
    row("fsck.minix", &[Busybox], NotSimulated),
    row("fsfreeze", &[Busybox, UtilLinux], NotSimulated),
    row("fstrim", &[Busybox, UtilLinux], NotSimulated),
    row("fsync", &[Busybox], NotSimulated),
    row("ftpd", &[Busybox], NotSimulated),
    row("ftpget", &[Busybox], NotSimulated),
    row("ftpput", &[Busybox], NotSimulated),
    row("fuser", &[Busybox], NotSimulated),
    row("getconf", &[Busybox], NotSimulated),
    row("getfattr", &[Busybox], NotSimulated),
    row("getopt", &[Busybox, UtilLinux], NotSimulated),
    row("getty", &[Busybox], NotSimulated),
    row("grep", &[Busybox, Grep], Sim(S::Grep)),
    row("groups", &[Busybox, Coreutils], NotSimulated),
    row("gunzip", &[Busybox, Gzip], NotSimulated),
    row("gzip", &[Busybox, Gzip], NotSimulated),
    row("halt", &[Busybox], NotSimulated),
    row("hardlink", &[UtilLinux], NotSimulated),
    row("hd", &[Busybox], NotSimulated),
    row("hdparm", &[Busybox], NotSimulated),
    row("head", &[Busybox, Coreutils], Sim(S::HeadTail)),
    row("hexdump", &[Busybox], NotSimulated),
    row("hexedit", &[Busybox], NotSimulated),
    row("hostid", &[Busybox, Coreutils], NotSimulated),
    row("hostname", &[Busybox, Hostname], Sim(S::Hostname)),
    row("httpd", &[Busybox, Httpd], Sim(S::Server)),
    row("httpd-foreground", &[Httpd], Sim(S::Server)),
    row("hush", &[Busybox], NotSimulated),
    row("hwclock", &[Busybox], NotSimulated),
    row("i2cdetect", &[Busybox], NotSimulated),
    row("i2cdump", &[Busybox], NotSimulated),
    row("i2cget", &[Busybox], NotSimulated),
    row("i2cset", &[Busybox], NotSimulated),
    row("i2ctransfer", &[Busybox], NotSimulated),
    row("i386", &[UtilLinux], NotSimulated),
    row("id", &[Busybox, Coreutils], Sim(S::Id)),
    row("ifconfig", &[Busybox], NotSimulated),
    row("ifdown", &[Busybox], NotSimulated),
    row("ifenslave", &[Busybox], NotSimulated),
    row("ifplugd", &[Busybox], NotSimulated),
    row("ifup", &[Busybox], NotSimulated),
    row("inetd", &[Busybox], NotSimulated),
    row("init", &[Busybox], NotSimulated),
    row("inotifyd", &[Busybox], NotSimulated),
    row("insmod", &[Busybox], NotSimulated),
    row("install", &[Busybox, Coreutils], NotSimulated),
    row("installkernel", &[Debianutils], NotSimulated),
    row("ionice", &[Busybox, UtilLinux], NotSimulated),
    row("iostat", &[Busybox], NotSimulated),
    row("ip", &[Busybox], Sim(S::Ip)),
    row("ipaddr", &[Busybox], NotSimulated),
    row("ipcalc", &[Busybox], NotSimulated),
    row("ipcmk", &[UtilLinux], NotSimulated),
    row("ipcrm", &[Busybox, UtilLinux], NotSimulated),
    row("ipcs", &[Busybox, UtilLinux], Sim(S::Ipcs)),
    row("iplink", &[Busybox], NotSimulated),
    row("ipneigh", &[Busybox], NotSimulated),
    row("iproute", &[Busybox], NotSimulated),
    row("iprule", &[Busybox], NotSimulated),
    row("iptunnel", &[Busybox], NotSimulated),
    row("ischroot", &[Debianutils], NotSimulated),
    row("isosize", &[UtilLinux], NotSimulated),
    row("join", &[Coreutils], NotSimulated),
    row("kbd_mode", &[Busybox], NotSimulated),
    row("kill", &[Busybox, Procps], Sim(S::Kill)),
    row("killall", &[Busybox], NotSimulated),
    row("killall5", &[Busybox], NotSimulated),
    row("klogd", &[Busybox], NotSimulated),
    row("last", &[Busybox], NotSimulated),
    row("ldattach", &[UtilLinux], NotSimulated),
    row("less", &[Busybox], NotSimulated),
    row("link", &[Busybox, Coreutils], NotSimulated),
    row("linux32", &[Busybox, UtilLinux], NotSimulated),
    row("linux64", &[Busybox, UtilLinux], NotSimulated),
    row("linuxrc", &[Busybox], NotSimulated),
    row("ln", &[Busybox, Coreutils], NotSimulated),
    row("loadfont", &[Busybox], NotSimulated),
    row("loadkmap", &[Busybox], NotSimulated),
    row("logger", &[Busybox, Bsdutils], NotSimulated),
    row("login", &[Busybox], NotSimulated),
    row("logname", &[Busybox, Coreutils], NotSimulated),
    row("logread", &[Busybox], NotSimulated),
    row("losetup", &[Busybox, Mount], NotSimulated),
    row("lpd", &[Busybox], NotSimulated),
    row("lpq", &[Busybox], NotSimulated),
    row("lpr", &[Busybox], NotSimulated),
    row("ls", &[Busybox, Coreutils], Sim(S::Ls)),
    row("lsattr", &[Busybox], NotSimulated),
    row("lsblk", &[UtilLinux], NotSimulated),
    row("lscpu", &[UtilLinux], NotSimulated),
    row("lsipc", &[UtilLinux], NotSimulated),
    row("lslocks", &[UtilLinux], NotSimulated),
    row("lslogins", &[UtilLinux], NotSimulated),
    row("lsmem", &[UtilLinux], NotSimulated),
    row("lsmod", &[Busybox], NotSimulated),
    row("lsns", &[UtilLinux], Sim(S::Lsns)),
    row("lsof", &[Busybox], NotSimulated),
    row("lspci", &[Busybox], NotSimulated),
    row("lsscsi", &[Busybox], NotSimulated),
    row("lsusb", &[Busybox], NotSimulated),
    row("lzcat", &[Busybox], NotSimulated),
    row("lzma", &[Busybox], NotSimulated),
    row("lzop", &[Busybox], NotSimulated),
    row("makedevs", &[Busybox], NotSimulated),
    row("makemime", &[Busybox], NotSimulated),
    row("man", &[Busybox], NotSimulated),
    row("mawk", &[Mawk], NotSimulated),
    row("mcookie", &[UtilLinux], NotSimulated),
    row("md5sum", &[Busybox, Coreutils], NotSimulated),
    row("mdev", &[Busybox], NotSimulated),
    row("mesg", &[Busybox], NotSimulated),
    row("microcom", &[Busybox], NotSimulated),
    row("mim", &[Busybox], NotSimulated),
    row("mkdir", &[Busybox, Coreutils], Sim(S::TouchMkdir)),
    row("mkdosfs", &[Busybox], NotSimulated),
    row("mke2fs", &[Busybox], NotSimulated),
    row("mkfifo", &[Busybox, Coreutils], NotSimulated),
    row("mkfs", &[UtilLinux], NotSimulated),
    row("mkfs.ext2", &[Busybox], NotSimulated),
    row("mkfs.minix", &[Busybox], NotSimulated),
    row("mkfs.vfat", &[Busybox], NotSimulated),
    row("mknod", &[Busybox, Coreutils], NotSimulated),
    row("mkpasswd", &[Busybox], NotSimulated),
    row("mkswap", &[Busybox, UtilLinux], NotSimulated),
    row("mktemp", &[Busybox, Coreutils], NotSimulated),
    row("modinfo", &[Busybox], NotSimulated),
    row("modprobe", &[Busybox], NotSimulated),
    row("more", &[Busybox, UtilLinux], NotSimulated),
    row("mount", &[Busybox, Mount], Sim(S::Mount)),
    row("mountpoint", &[Busybox, UtilLinux], NotSimulated),
    row("mpstat", &[Busybox], NotSimulated),
    row("mt", &[Busybox], NotSimulated),
    row("mv", &[Busybox, Coreutils], Sim(S::Mv)),
    row("namei", &[UtilLinux], NotSimulated),
    row("nameif", &[Busybox], NotSimulated),
    row("nanddump", &[Busybox], NotSimulated),
    row("nandwrite", &[Busybox], NotSimulated),
    row("nbd-client", &[Busybox], NotSimulated),
    row("nc", &[Busybox], NotSimulated),
    row("netstat", &[Busybox], NotSimulated),
    row("nginx", &[Nginx], Sim(S::Nginx)),
    row("nice", &[Busybox, Coreutils], NotSimulated),
    row("nl", &[Busybox, Coreutils], NotSimulated),
    row("nmeter", &[Busybox], NotSimulated),
    row("nohup", &[Busybox, Coreutils], NotSimulated),
    row("nologin", &[Busybox], NotSimulated),
    row("nproc", &[Busybox, Coreutils], NotSimulated),
    row("nsenter", &[Busybox, UtilLinux], Sim(S::Nsenter)),
    row("nslookup", &[Busybox], Sim(S::Nslookup)),
    row("ntpd", &[Busybox], NotSimulated),
    row("numfmt", &[Coreutils], NotSimulated),
    row("od", &[Busybox, Coreutils], NotSimulated),
    row("openvt", &[Busybox], NotSimulated),
    row("partprobe", &[Busybox], NotSimulated),
    row("partx", &[UtilLinux], NotSimulated),
    row("passwd", &[Busybox], NotSimulated),
    row("paste", &[Busybox, Coreutils], NotSimulated),
    row("patch", &[Busybox], NotSimulated),
    row("pathchk", &[Coreutils], NotSimulated),
    row("pgrep", &[Busybox, Procps], NotSimulated),
    row("pidof", &[Busybox], NotSimulated),
    row("ping", &[Busybox], NotSimulated),
    row("ping6", &[Busybox], NotSimulated),
    row("pinky", &[Coreutils], NotSimulated),
    row("pipe_progress", &[Busybox], NotSimulated),
    row("pivot_root", &[Busybox, UtilLinux], NotSimulated),
    row("pkill", &[Busybox, Procps], NotSimulated),
    row("pmap", &[Busybox, Procps], NotSimulated),
    row("popmaildir", &[Busybox], NotSimulated),
    row("postgres", &[Postgres], Sim(S::Server)),
    row("poweroff", &[Busybox], NotSimulated),
    row("powertop", &[Busybox], NotSimulated),
    row("pr", &[Coreutils], NotSimulated),
    row("printenv", &[Busybox, Coreutils], Sim(S::Env)),
    row("printf", &[Busybox, Coreutils], NotSimulated),
    row("prlimit", &[UtilLinux], NotSimulated),
    row("ps", &[Busybox, Procps], Sim(S::Ps)),
    row("pscan", &[Busybox], NotSimulated),
    row("psql", &[Postgres], NotSimulated),
    row("pstree", &[Busybox], NotSimulated),
    row("ptx", &[Coreutils], NotSimulated),
    row("pwd", &[Busybox, Coreutils], Sim(S::Pwd)),
    row("pwdx", &[Busybox, Procps], NotSimulated),
    row("python", &[Python], Sim(S::Server)),
    row("python3", &[Python], Sim(S::Server)),
    row("raidautorun", &[Busybox], NotSimulated),
    row("rdate", &[Busybox], NotSimulated),
    row("rdev", &[Busybox], NotSimulated),
    row("readahead", &[Busybox], NotSimulated),
    row("readlink", &[Busybox, Coreutils], NotSimulated),
    row("readprofile", &[Busybox, UtilLinux], NotSimulated),
    row("realpath", &[Busybox, Coreutils], NotSimulated),
    row("reboot", &[Busybox], NotSimulated),
    row("redis-cli", &[Redis], NotSimulated),
    row("redis-server", &[Redis], Sim(S::Server)),
    row("reformime", &[Busybox], NotSimulated),
    row("remove-shell", &[Busybox, Debianutils], NotSimulated),
    row("rename.ul", &[UtilLinux], NotSimulated),
    row("renice", &[Busybox, Bsdutils], NotSimulated),
    row("reset", &[Busybox], NotSimulated),
    row("resize", &[Busybox], NotSimulated),
    row("resume", &[Busybox], NotSimulated),
    row("rev", &[Busybox, UtilLinux], NotSimulated),
    row("rgrep", &[Grep], NotSimulated),
    row("rm", &[Busybox, Coreutils], Sim(S::Rm)),
    row("rmdir", &[Busybox, Coreutils], NotSimulated),
    row("rmmod", &[Busybox], NotSimulated),
    row("route", &[Busybox], NotSimulated),
    row("rpm", &[Busybox], NotSimulated),
    row("rpm2cpio", &[Busybox], NotSimulated),
    row("rtcwake", &[Busybox, UtilLinux], NotSimulated),
    row("run-init", &[Busybox], NotSimulated),
    row("run-parts", &[Busybox, Debianutils], NotSimulated),
    row("runcon", &[Coreutils], NotSimulated),
    row("runlevel", &[Busybox], NotSimulated),
    row("runsv", &[Busybox], NotSimulated),
    row("runsvdir", &[Busybox], NotSimulated),
    row("runuser", &[UtilLinux], NotSimulated),
    row("rx", &[Busybox], NotSimulated),
    row("savelog", &[Debianutils], NotSimulated),
    row("script", &[Busybox, Bsdutils], NotSimulated),
    row("scriptreplay", &[Busybox, Bsdutils], NotSimulated),
    row("sdiff", &[Diffutils], NotSimulated),
    row("sed", &[Busybox, Sed], NotSimulated),
    row("seedrng", &[Busybox], NotSimulated),
    row("sendmail", &[Busybox], NotSimulated),
    row("seq", &[Busybox, Coreutils], NotSimulated),
    row("setarch", &[Busybox, UtilLinux], NotSimulated),
    row("setconsole", &[Busybox], NotSimulated),
    row("setfattr", &[Busybox], NotSimulated),
    row("setfont", &[Busybox], NotSimulated),
    row("setkeycodes", &[Busybox], NotSimulated),
    row("setlogcons", &[Busybox], NotSimulated),
    row("setpriv", &[Busybox, UtilLinux], NotSimulated),
    row("setserial", &[Busybox], NotSimulated),
    row("setsid", &[Busybox, UtilLinux], NotSimulated),
    row("setterm", &[UtilLinux], NotSimulated),
    row("setuidgid", &[Busybox], NotSimulated),
    row("sh", &[Busybox, Dash], Sim(S::Shell)),
    row("sha1sum", &[Busybox, Coreutils], NotSimulated),
    row("sha224sum", &[Coreutils], NotSimulated),
    row("sha256sum", &[Busybox, Coreutils], NotSimulated),
    row("sha384sum", &[Coreutils], NotSimulated),
    row("sha3sum", &[Busybox], NotSimulated),
    row("sha512sum", &[Busybox, Coreutils], NotSimulated),
    row("showkey", &[Busybox], NotSimulated),
    row("shred", &[Busybox, Coreutils], NotSimulated),
    row("shuf", &[Busybox, Coreutils], NotSimulated),
    row("skill", &[Procps], NotSimulated),
    row("slabtop", &[Procps], NotSimulated),
    row("slattach", &[Busybox], NotSimulated),
    row("sleep", &[Busybox, Coreutils], Sim(S::Sleep)),
    row("smemcap", &[Busybox], NotSimulated),
    row("snice", &[Procps], NotSimulated),
    row("softlimit", &[Busybox], NotSimulated),
    row("sort", &[Busybox, Coreutils], NotSimulated),
    row("split", &[Busybox, Coreutils], NotSimulated),
    row("ssl_client", &[Busybox], NotSimulated),
    row("start-stop-daemon", &[Busybox], NotSimulated),
    row("stat", &[Busybox, Coreutils], NotSimulated),
    row("stdbuf", &[Coreutils], NotSimulated),
    row("stress", &[Stress], Sim(S::Stress)),
    row("strings", &[Busybox], NotSimulated),
    row("stty", &[Busybox, Coreutils], NotSimulated),
    row("su", &[Busybox, UtilLinux], NotSimulated),
    row("sulogin", &[Busybox, UtilLinux], NotSimulated),
    row("sum", &[Busybox, Coreutils], NotSimulated),
    row("sv", &[Busybox], NotSimulated),
    row("svc", &[Busybox], NotSimulated),
    row("svlogd", &[Busybox], NotSimulated),
    row("svok", &[Busybox], NotSimulated),
    row("swaplabel", &[UtilLinux], NotSimulated),
    row("swapoff", &[Busybox, Mount], NotSimulated),
    row("swapon", &[Busybox, Mount], NotSimulated),
    row("switch_root", &[Busybox, UtilLinux], NotSimulated),
    row("sync", &[Busybox, Coreutils], NotSimulated),
    row("sysctl", &[Busybox, Procps], NotSimulated),
    row("syslogd", &[Busybox], NotSimulated),
    row("tac", &[Busybox, Coreutils], NotSimulated),
    row("tail", &[Busybox, Coreutils], Sim(S::HeadTail)),
    row("tar", &[Busybox, Tar], NotSimulated),
    row("taskset", &[Busybox, UtilLinux], NotSimulated),
    row("tc", &[Busybox], NotSimulated),
    row("tcpsvd", &[Busybox], NotSimulated),
    row("tee", &[Busybox, Coreutils], Sim(S::Tee)),
    row("telnet", &[Busybox], NotSimulated),
    row("telnetd", &[Busybox], NotSimulated),
    row("tempfile", &[Debianutils], NotSimulated),
    row("test", &[Busybox, Coreutils], NotSimulated),
    row("tftp", &[Busybox], NotSimulated),
    row("tftpd", &[Busybox], NotSimulated),
    row("time", &[Busybox], NotSimulated),
    row("timeout", &[Busybox, Coreutils], NotSimulated),
    row("tload", &[Procps], NotSimulated),
    row("top", &[Busybox, Procps], NotSimulated),
    row("touch", &[Busybox, Coreutils], Sim(S::TouchMkdir)),
    row("tr", &[Busybox, Coreutils], NotSimulated),
    row("traceroute", &[Busybox], NotSimulated),
    row("traceroute6", &[Busybox], NotSimulated),
    row("tree", &[Busybox], NotSimulated),
    row("true", &[Busybox, Coreutils], Sim(S::True)),
    row("truncate", &[Busybox, Coreutils], NotSimulated),
    row("ts", &[Busybox], NotSimulated),
    row("tsort", &[Busybox, Coreutils], NotSimulated),
    row("tty", &[Busybox, Coreutils], NotSimulated),
    row("ttysize", &[Busybox], NotSimulated),
    row("tunctl", &[Busybox], NotSimulated),
    row("ubiattach", &[Busybox], NotSimulated),
    row("ubidetach", &[Busybox], NotSimulated),
    row("ubimkvol", &[Busybox], NotSimulated),
    row("ubirename", &[Busybox], NotSimulated),
    row("ubirmvol", &[Busybox], NotSimulated),
    row("ubirsvol", &[Busybox], NotSimulated),
    row("ubiupdatevol", &[Busybox], NotSimulated),
    row("uclampset", &[UtilLinux], NotSimulated),
    row("udhcpc", &[Busybox], NotSimulated),
    row("udhcpc6", &[Busybox], NotSimulated),
    row("udhcpd", &[Busybox], NotSimulated),
    row("udpsvd", &[Busybox], NotSimulated),
    row("uevent", &[Busybox], NotSimulated),
    row("umount", &[Busybox, Mount], NotSimulated),
    row("uname", &[Busybox, Coreutils], Sim(S::Uname)),
    row("unexpand", &[Busybox, Coreutils], NotSimulated),
    row("uniq", &[Busybox, Coreutils], NotSimulated),
    row("unix2dos", &[Busybox], NotSimulated),
    row("unlink", &[Busybox, Coreutils], NotSimulated),
    row("unlzma", &[Busybox], NotSimulated),
    row("unshare", &[Busybox, UtilLinux], NotSimulated),
    row("unxz", &[Busybox], NotSimulated),
    row("unzip", &[Busybox], NotSimulated),
    row("update-shells", &[Debianutils], NotSimulated),
    row("uptime", &[Busybox, Procps], NotSimulated),
    row("users", &[Busybox, Coreutils], NotSimulated),
    row("usleep", &[Busybox], NotSimulated),
    row("uudecode", &[Busybox], NotSimulated),
    row("uuencode", &[Busybox], NotSimulated),
    row("vconfig", &[Busybox], NotSimulated),
    row("vdir", &[Coreutils], NotSimulated),
    row("vi", &[Busybox], NotSimulated),
    row("vlock", &[Busybox], NotSimulated),
    row("vmstat", &[Procps], NotSimulated),
    row("volname", &[Busybox], NotSimulated),
    row("w", &[Busybox, Procps], NotSimulated),
    row("wall", &[Busybox, Bsdutils], NotSimulated),
    row("watch", &[Busybox, Procps], NotSimulated),
    row("watchdog", &[Busybox], NotSimulated),
    row("wc", &[Busybox, Coreutils], Sim(S::Wc)),
    row("wdctl", &[UtilLinux], NotSimulated),
    row("wget", &[Busybox], Sim(S::Wget)),
    row("whereis", &[UtilLinux], NotSimulated),
    row("which", &[Busybox, Debianutils], NotSimulated),
    row("who", &[Busybox, Coreutils], NotSimulated),
    row("whoami", &[Busybox, Coreutils], Sim(S::Id)),
    row("whois", &[Busybox], NotSimulated),
    row("wipefs", &[UtilLinux], NotSimulated),
    row("x86_64", &[UtilLinux], NotSimulated),
    row("xargs", &[Busybox, Findutils], NotSimulated),
    row("xxd", &[Busybox], NotSimulated),
    row("xz", &[Busybox], NotSimulated),
    row("xzcat", &[Busybox], NotSimulated),
    row("yes", &[Busybox, Coreutils], Sim(S::Yes)),
    row("zcat", &[Busybox, Gzip], NotSimulated),
    row("zcip", &[Busybox], NotSimulated),
    row("zramctl", &[UtilLinux], NotSimulated),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_without_repeats() {
        for pair in PROGRAMS.windows(2) {
            if let [a, b] = pair {
                assert!(a.name < b.name, "{} then {}", a.name, b.name);
            }
        }
    }

    #[test]
    fn every_simulated_program_is_in_the_table() {
        let all = [
            S::True,
            S::False,
            S::Hostname,
            S::Echo,
            S::Pwd,
            S::Cat,
            S::HeadTail,
            S::Ls,
            S::TouchMkdir,
            S::Rm,
            S::Cp,
            S::Mv,
            S::Env,
            S::Id,
            S::Uname,
            S::Sleep,
            S::Yes,
            S::Stress,
            S::Ps,
            S::Lsns,
            S::Ip,
            S::Wget,
            S::Nslookup,
            S::Curl,
            S::Kill,
            S::Nsenter,
            S::Ipcs,
            S::Date,
            S::Nginx,
            S::Server,
            S::Shell,
            S::Grep,
            S::Wc,
            S::Cut,
            S::Tee,
            S::Base64,
            S::AptGet,
            S::Df,
            S::Du,
            S::Free,
            S::Mount,
        ];
        for s in all {
            assert!(
                PROGRAMS.iter().any(|p| p.runs == Sim(s)),
                "{s:?} has no row"
            );
        }
    }

    #[test]
    fn each_image_has_its_userland() {
        let has = |kind, name| find(kind, &[], name).map(|f| f.package);
        // busybox: applets, no util-linux lsns, no curl.
        assert_eq!(has(ImageKind::Busybox, "ps"), Some(Busybox));
        assert_eq!(has(ImageKind::Busybox, "/bin/grep"), Some(Busybox));
        assert_eq!(has(ImageKind::Busybox, "lsns"), None);
        assert_eq!(has(ImageKind::Alpine, "curl"), None);
        // nginx (bookworm-slim + curl): coreutils and util-linux, no procps, ip or wget.
        assert_eq!(has(ImageKind::Nginx, "cat"), Some(Coreutils));
        assert_eq!(has(ImageKind::Nginx, "lsns"), Some(UtilLinux));
        assert_eq!(has(ImageKind::Nginx, "curl"), Some(Curl));
        assert_eq!(has(ImageKind::Nginx, "sh"), Some(Dash));
        for missing in ["ps", "ip", "wget", "free", "kill", "redis-cli"] {
            assert_eq!(has(ImageKind::Nginx, missing), None, "{missing}");
        }
        // python's full image adds procps.
        assert_eq!(has(ImageKind::Python, "ps"), Some(Procps));
        assert_eq!(has(ImageKind::Redis, "redis-cli"), Some(Redis));
        assert_eq!(has(ImageKind::Stress, "stress"), Some(Stress));
        assert_eq!(has(ImageKind::Busybox, "nosuch"), None);
    }

    #[test]
    fn programs_the_images_have_but_podscope_does_not_run_say_so() {
        for (kind, name) in [
            (ImageKind::Busybox, "chmod"),
            (ImageKind::Busybox, "fdisk"),
            (ImageKind::Nginx, "chown"),
            (ImageKind::Redis, "redis-cli"),
            (ImageKind::Postgres, "psql"),
        ] {
            let runs = find(kind, &[], name).map(|f| f.runs);
            assert_eq!(runs, Some(NotSimulated), "{kind:?} {name}");
        }
        assert_eq!(
            find(ImageKind::Nginx, &[], "ls").map(|f| f.runs),
            Some(Sim(S::Ls))
        );
    }
}

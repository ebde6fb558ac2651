//! Cluster DNS from inside a container: CoreDNS's answers for Services
//! (`NAME.NS.svc.cluster.local`, its reverse names), the kubelet's resolv.conf search path
//! (`NS.svc.cluster.local svc.cluster.local cluster.local`, `ndots:5`), and `nslookup` as each
//! image's tool prints them:
//! - busybox 1.36/1.37 (networking/nslookup.c at 1_36_1): a name without a dot is asked with
//!   each search domain, one with a dot as it is, A then AAAA; each reply printed as it
//!   comes (`Name:\tFQDN` / `Address: IP`, or `** server can't find Q: NXDOMAIN`), each
//!   followed by an empty line; exit 1 if any failed;
//! - the old busybox (≤ 1.28, as in `gcr.io/google-containers/busybox`; nslookup.c at
//!   1_24_2 `print_host`, `server_print`): libc's resolver (search path, ndots) and a reverse
//!   lookup of each address: `Server:    IP`, `Address 1: IP NAME`, an empty line, `Name:`,
//!   `Address 1:`; `nslookup: can't resolve 'X'` on failure;
//! - BIND 9's nslookup (Debian's dnsutils, the DNS debugging page's image): search path,
//!   `Server:\t\tIP`, `Address:\tIP#53`, `Name:\tFQDN`, `Address: IP`, or
//!   `** server can't find X: NXDOMAIN`.

use std::fmt::Write as _;
use std::net::Ipv4Addr;

use super::{Applet, Ctx};
use crate::model::cluster::{ClusterIp, KUBE_DNS_IP, KUBERNETES_SERVICE_IP};
use crate::sim::world::World;
use podscope_shell::Io;

/// The cluster's DNS domain (kubeadm's `clusterDomain`).
const DOMAIN: &str = "cluster.local";

/// Which nslookup the image has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Flavour {
    Busybox,
    OldBusybox,
    Bind,
}

fn flavour(w: &World, ctx: Ctx) -> Flavour {
    let Some(image) = w
        .pods
        .get(ctx.pod)
        .and_then(|p| p.container(ctx.slot))
        .map(|c| c.spec.image.clone())
    else {
        return Flavour::Busybox;
    };
    if image.short_name.contains("dnsutils") {
        return Flavour::Bind;
    }
    // The new nslookup came with busybox 1.29 (2018); gcr.io/google-containers/busybox is
    // 1.24 and the docs' `busybox:1.28` the last release with the old one.
    let old_tag = image.tag.as_deref().is_some_and(|t| {
        let mut parts = t.split('.').map(|p| p.parse::<u32>().ok());
        matches!((parts.next(), parts.next()), (Some(Some(1)), Some(Some(minor))) if minor <= 28)
    });
    if image.raw.starts_with("gcr.io/google-containers/busybox") || old_tag {
        Flavour::OldBusybox
    } else {
        Flavour::Busybox
    }
}

/// CoreDNS's A answer for a fully qualified name: a Service's ClusterIP.
fn answer(w: &World, fqdn: &str) -> Option<Ipv4Addr> {
    let name = fqdn.strip_suffix('.').unwrap_or(fqdn);
    let rest = name.strip_suffix(&format!(".svc.{DOMAIN}"))?;
    let (svc, ns) = rest.split_once('.')?;
    match (svc, ns) {
        ("kubernetes", "default") => return Some(KUBERNETES_SERVICE_IP),
        ("kube-dns", "kube-system") => return Some(KUBE_DNS_IP),
        _ => {}
    }
    w.cluster
        .services
        .iter()
        .find(|s| s.key.name == svc && s.key.namespace == ns)
        .and_then(|s| match &s.cluster_ip {
            ClusterIp::Address(a) => a.parse().ok(),
            _ => None,
        })
}

/// CoreDNS's PTR answer for a Service's ClusterIP.
fn reverse(w: &World, ip: Ipv4Addr) -> Option<String> {
    if ip == KUBERNETES_SERVICE_IP {
        return Some(format!("kubernetes.default.svc.{DOMAIN}"));
    }
    if ip == KUBE_DNS_IP {
        return Some(format!("kube-dns.kube-system.svc.{DOMAIN}"));
    }
    let text = ip.to_string();
    w.cluster
        .services
        .iter()
        .find(|s| s.cluster_ip == ClusterIp::Address(text.clone()))
        .map(|s| format!("{}.{}.svc.{DOMAIN}", s.key.name, s.key.namespace))
}

/// The pod's search domains (the kubelet's ClusterFirst resolv.conf).
fn search(w: &World, ctx: Ctx) -> Vec<String> {
    let ns = w
        .pods
        .get(ctx.pod)
        .map(|p| p.spec.key.namespace.clone())
        .unwrap_or_default();
    vec![
        format!("{ns}.svc.{DOMAIN}"),
        format!("svc.{DOMAIN}"),
        DOMAIN.to_owned(),
    ]
}

/// A resolver with the search path and `ndots:5` (glibc/musl `res_search`, BIND's
/// nslookup): a name with fewer than 5 dots is tried with each domain first, then as it is.
fn resolve(w: &World, ctx: Ctx, name: &str) -> Option<(String, Ipv4Addr)> {
    if let Some(abs) = name.strip_suffix('.') {
        return answer(w, abs).map(|ip| (abs.to_owned(), ip));
    }
    let mut tries: Vec<String> = Vec::new();
    if name.matches('.').count() < 5 {
        tries.extend(search(w, ctx).iter().map(|d| format!("{name}.{d}")));
    }
    tries.push(name.to_owned());
    tries
        .into_iter()
        .find_map(|q| answer(w, &q).map(|ip| (q, ip)))
}

/// `nslookup NAME`.
pub(crate) fn nslookup(w: &World, ctx: Ctx, args: &[&str], io: &mut Io<'_>) -> Applet {
    let Some(name) = args.iter().find(|a| !a.starts_with('-')).copied() else {
        io.stderr.push_str("BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n\nQuery DNS about HOST\n\nQUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,ptr,srv,any\n");
        return Applet::Done(1);
    };
    let mut out = String::new();
    let status = lookup(w, ctx, name, &mut out, &mut io.stderr);
    io.stdout.push_str(&out);
    Applet::Done(status)
}

/// What `nslookup NAME` prints (to `out`, errors to `err`) and its exit status.
fn lookup(w: &World, ctx: Ctx, name: &str, out: &mut String, err: &mut String) -> i32 {
    match flavour(w, ctx) {
        Flavour::OldBusybox => {
            let server = KUBE_DNS_IP;
            let _ = writeln!(out, "{:<10} {server}", "Server:");
            let _ = writeln!(
                out,
                "Address 1: {server} kube-dns.kube-system.svc.{DOMAIN}\n"
            );
            match resolve(w, ctx, name) {
                Some((_, ip)) => {
                    let _ = writeln!(out, "{:<10} {name}", "Name:");
                    match reverse(w, ip) {
                        Some(host) => {
                            let _ = writeln!(out, "Address 1: {ip} {host}");
                        }
                        None => {
                            let _ = writeln!(out, "Address 1: {ip}");
                        }
                    }
                    0
                }
                None => {
                    let _ = writeln!(err, "nslookup: can't resolve '{name}'");
                    1
                }
            }
        }
        Flavour::Bind => {
            let _ = writeln!(
                out,
                "Server:\t\t{KUBE_DNS_IP}\nAddress:\t{KUBE_DNS_IP}#53\n"
            );
            match resolve(w, ctx, name) {
                Some((fqdn, ip)) => {
                    let _ = writeln!(out, "Name:\t{fqdn}\nAddress: {ip}\n");
                    0
                }
                None => {
                    let _ = writeln!(out, "** server can't find {name}: NXDOMAIN\n");
                    1
                }
            }
        }
        Flavour::Busybox => {
            let _ = writeln!(
                out,
                "Server:\t\t{KUBE_DNS_IP}\nAddress:\t{KUBE_DNS_IP}:53\n"
            );
            let queries: Vec<String> = if name.contains('.') {
                vec![name.to_owned()]
            } else {
                search(w, ctx)
                    .iter()
                    .map(|d| format!("{name}.{d}"))
                    .collect()
            };
            let mut status = 0;
            // A queries, then AAAA (no IPv6 Service addresses: an empty NOERROR answer,
            // printed as its empty line alone).
            for aaaa in [false, true] {
                for q in &queries {
                    match answer(w, q) {
                        Some(_) if aaaa => {}
                        Some(ip) => {
                            let _ = writeln!(out, "Name:\t{q}\nAddress: {ip}");
                        }
                        None => {
                            let _ = writeln!(out, "** server can't find {q}: NXDOMAIN");
                            status = 1;
                        }
                    }
                    out.push('\n');
                }
            }
            status
        }
    }
}

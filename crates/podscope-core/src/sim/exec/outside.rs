//! Hosts outside the cluster that the docs' pages fetch. A reader's cluster reaches the
//! internet (a pod's resolver, the node's with `dnsPolicy: Default` or CoreDNS forwarding to
//! it with `ClusterFirst`, answers public names); podscope holds the few sites the pages use,
//! each with the address it resolved to and the response it served, as recorded.

use std::net::Ipv4Addr;

/// One public HTTP site on port 80.
#[derive(Debug)]
pub(super) struct Site {
    pub host: &'static str,
    pub ip: Ipv4Addr,
    /// `Server:`, `Last-Modified:`, `ETag:` of its index page.
    pub server: &'static str,
    pub last_modified: &'static str,
    pub etag: &'static str,
    /// The index page (`GET /`).
    pub index: &'static str,
}

/// http://info.cern.ch, the configure-pod-initialization page's init container's download:
/// the first website's index page, 646 bytes, `Server: Apache`,
/// `Last-Modified: Wed, 05 Feb 2014 16:00:31 GMT`, `ETag: "286-4f1aadb3105c0"`, at
/// 188.184.21.108 (busybox `wget http://info.cern.ch`: `Connecting to info.cern.ch
/// (188.184.21.108:80)`, `index.html 100% … 646`; HTTP captures of the site record the same
/// headers and body).
const INFO_CERN_CH: Site = Site {
    host: "info.cern.ch",
    ip: Ipv4Addr::new(188, 184, 21, 108),
    server: "Apache",
    last_modified: "Wed, 05 Feb 2014 16:00:31 GMT",
    etag: "\"286-4f1aadb3105c0\"",
    index: "<html><head></head><body><header>
<title>http://info.cern.ch</title>
</header>

<h1>http://info.cern.ch - home of the first website</h1>
<p>From here you can:</p>
<ul>
<li><a href=\"http://info.cern.ch/hypertext/WWW/TheProject.html\">Browse the first website</a></li>
<li><a href=\"http://line-mode.cern.ch/www/hypertext/WWW/TheProject.html\">Browse the first website using the line-mode browser simulator</a></li>
<li><a href=\"http://home.web.cern.ch/topics/birth-web\">Learn about the birth of the web</a></li>
<li><a href=\"http://home.web.cern.ch/about\">Learn about CERN, the physics laboratory where the web was born</a></li>
</ul>
</body></html>
",
};

const SITES: &[Site] = &[INFO_CERN_CH];

/// The site a name or address outside the cluster reaches, if podscope holds it.
pub(super) fn site(host: &str) -> Option<&'static Site> {
    let host = host.strip_suffix('.').unwrap_or(host);
    SITES
        .iter()
        .find(|s| s.host.eq_ignore_ascii_case(host) || host.parse() == Ok(s.ip))
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn the_first_website_is_found_by_name_and_address() {
        let s = site("info.cern.ch").expect("info.cern.ch");
        // The ETag's size part is the body's length in hex: 0x286 = 646 bytes.
        assert_eq!(s.index.len(), 646);
        assert_eq!(s.index.len(), 0x286);
        assert!(site("INFO.CERN.CH.").is_some());
        assert!(site("188.184.21.108").is_some());
        assert!(site("example.com").is_none());
        assert!(site("10.0.0.1").is_none());
    }
}

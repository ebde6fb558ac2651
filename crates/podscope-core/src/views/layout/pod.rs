//! One pod's box, top to bottom: its title (name, status, IP and the IP it had before, QoS),
//! why it is Pending with the fix, the sandbox with its namespaces and listening ports, the
//! containers, the volumes under them, and the legend of its namespace colours.

use crate::model::ids::ObjectKey;
use crate::sim::world::{Pod, World};

use super::chips::{Link, NsChip, joined_links, sandbox_chips};
use super::container::{CONTAINER_H, ContainerBox, container_box};
use super::geometry::{
    BUTTON_H, CHAR_W, CONTAINER_W, FIRST_LINE, GAP, LINE_H, POD_HEADER, POD_PAD, Point, Rect,
    TEXT_INSET, TITLE_CHAR_W, TextLine, chars_in, line, wrap,
};
use super::palette::{LegendEntry, PodColors, legend};
use super::pending::{PendingFix, fixes};
use super::ports::{Port, ports, ports_text};
use super::status::SandboxState;
use super::volumes::{MountLine, VolumeDisk, pod_volumes};

#[derive(Clone, Debug, PartialEq)]
pub struct SandboxBox {
    pub rect: Rect,
    /// `pause (sandbox)` and its state.
    pub title_at: Point,
    /// The pause image and its PID.
    pub detail_at: Point,
    /// The ports listened on in the pod's network namespace.
    pub ports_at: Point,
    pub image: String,
    pub pid: String,
    pub state: SandboxState,
    /// The sandbox's attempt (0 for the first; each replacement counts up).
    pub attempt: u32,
    pub ports: Vec<Port>,
    pub chips: Vec<NsChip>,
    /// The "kill pause" button (`kill-sandbox POD`), while there is a pause process.
    pub kill_at: Option<Rect>,
}

impl SandboxBox {
    /// `localhost: 80 (nginx)`; a pod on the node's network namespace has the node's
    /// localhost, which the diagram does not list.
    pub fn ports_text(&self) -> String {
        let host_net = self.chips.iter().any(|c| {
            c.kind == crate::model::linux_ns::NsKind::Net
                && c.source == crate::model::linux_ns::NsSource::Host
        });
        if host_net {
            return "localhost: the node's".to_owned();
        }
        ports_text(&self.ports)
    }
}

/// A Pending pod's reason and fixes.
#[derive(Clone, Debug, PartialEq)]
pub struct PendingNote {
    /// `Pending: <the scheduler's message>`, wrapped to the box.
    pub lines: Vec<TextLine>,
    /// The fixes' buttons, one under the other.
    pub fixes: Vec<(PendingFix, Rect)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PodBox {
    pub rect: Rect,
    /// `pod NAMESPACE/NAME`, its status, IP and QoS class.
    pub title_at: Point,
    /// Where the first line of the Pending reason starts.
    pub pending_at: Point,
    pub name: String,
    pub namespace: String,
    /// `kubectl get pods` STATUS: `Running`, `Pending`, `CrashLoopBackOff`, `Terminating`.
    pub status: String,
    pub ip: String,
    /// The IP of the sandbox this one replaced, when it differs (`old → new`).
    pub previous_ip: Option<String>,
    /// `Guaranteed`, `Burstable` or `BestEffort`.
    pub qos: String,
    /// The scheduler's message, when it could not place the pod.
    pub pending: Option<String>,
    pub pending_note: Option<PendingNote>,
    pub sandbox: Option<SandboxBox>,
    pub containers: Vec<ContainerBox>,
    pub links: Vec<Link>,
    pub volumes: Vec<VolumeDisk>,
    pub mounts: Vec<MountLine>,
    pub legend: Vec<LegendEntry>,
}

impl PodBox {
    pub fn key(&self) -> ObjectKey {
        ObjectKey::new(&self.namespace, &self.name)
    }
}

/// The "kill pause" button's width.
const KILL_W: f32 = 96.0;

const SANDBOX_H: f32 = FIRST_LINE + 3.0 * LINE_H + 22.0 + 10.0;

/// The pod's box with its top-left corner at `(x, y)`.
pub(super) fn pod_box(world: &World, pod: &Pod, x: f32, y: f32) -> PodBox {
    let mut colors = PodColors::default();
    let n = pod.containers.len().max(1) as f32;
    let containers_w = n * CONTAINER_W + (n - 1.0) * GAP;
    let disks = pod
        .spec
        .api
        .spec
        .as_ref()
        .and_then(|s| s.volumes.as_ref())
        .map_or(0, Vec::len) as f32;
    let disks_w = disks * 190.0 + (disks - 1.0).max(0.0) * GAP;
    // The title row: `pod NS/NAME  STATUS  IP ADDR (was OLD)  QoS CLASS  ▾`, with room for
    // an IP's change (`(was 10.244.255.255)`) and a longer status.
    let status = crate::sim::status::pod_row(pod, world.now()).status;
    let qos = pod
        .resources
        .as_ref()
        .map_or("", |r| r.qos.as_str())
        .to_owned();
    let ip = ip_text(pod);
    let title = format!(
        "pod {}/{}  {status}  IP {ip}  QoS {qos}  ▾",
        pod.spec.key.namespace, pod.spec.key.name
    );
    let title_w = (title.chars().count() + 24) as f32 * TITLE_CHAR_W;
    let inner_w = containers_w.max(disks_w).max(title_w).max(340.0);
    let w = inner_w + 2.0 * POD_PAD;
    let left = x + POD_PAD;
    let host = world.node().host_ns;

    // Why it is Pending, wrapped to the box, and the fix under it.
    let pending_at = Point {
        x: left,
        y: y + POD_HEADER + 14.0,
    };
    let pending_note = pod.unschedulable.as_ref().map(|why| {
        let lines: Vec<TextLine> = wrap(&format!("Pending: {why}"), chars_in(inner_w))
            .into_iter()
            .enumerate()
            .map(|(i, text)| TextLine {
                at: Point {
                    x: left,
                    y: pending_at.y + i as f32 * LINE_H,
                },
                text,
            })
            .collect();
        let below = pending_at.y + lines.len() as f32 * LINE_H - 8.0;
        let fixes = fixes(world, pod)
            .into_iter()
            .enumerate()
            .map(|(i, f)| {
                let w = (f.label().chars().count() as f32 + 4.0) * CHAR_W;
                let rect = Rect {
                    x: left,
                    y: below + i as f32 * (BUTTON_H + 6.0),
                    w: w.min(inner_w),
                    h: BUTTON_H,
                };
                (f, rect)
            })
            .collect();
        PendingNote { lines, fixes }
    });
    let header = match &pending_note {
        Some(note) => {
            let bottom = match note.fixes.last() {
                Some((_, r)) => r.bottom(),
                None => note.lines.last().map_or(pending_at.y, |l| l.at.y),
            };
            bottom + GAP - y
        }
        None => POD_HEADER,
    };

    // The sandbox: the current one, or a gap where the torn-down one was.
    let sandbox_y = y + header;
    let sandbox_rect = Rect {
        x: left,
        y: sandbox_y,
        w: inner_w,
        h: SANDBOX_H,
    };
    let text_x = left + TEXT_INSET;
    let chips_y = sandbox_y + FIRST_LINE + 2.0 * LINE_H + 10.0;
    let sandbox = match &pod.sandbox {
        Some(s) => {
            let chips = sandbox_chips(&s.ns, &host, pod.spec.ns, text_x, chips_y, &mut colors);
            // CRI-O without an infra container: the box stands for the pinned namespaces.
            let (image, pid) = match s.pid {
                Some(pid) => (world.runtime().pause_image().to_owned(), pid.to_string()),
                None => (crate::model::runtime::NO_INFRA.to_owned(), "—".to_owned()),
            };
            Some(SandboxBox {
                title_at: line(text_x, sandbox_y, 0),
                detail_at: line(text_x, sandbox_y, 1),
                ports_at: Point {
                    x: text_x + 4.0 * 64.0 + 8.0,
                    y: chips_y + 15.0,
                },
                rect: sandbox_rect,
                image,
                pid,
                state: if s.ready {
                    SandboxState::Ready
                } else {
                    SandboxState::NotReady
                },
                attempt: s.attempt,
                ports: ports(world, pod),
                chips,
                kill_at: s.pid.filter(|_| s.ready).map(|_| Rect {
                    x: sandbox_rect.right() - KILL_W - TEXT_INSET,
                    y: sandbox_y + 6.0,
                    w: KILL_W,
                    h: BUTTON_H,
                }),
            })
        }
        None => pod.old_sandboxes.last().map(|old| SandboxBox {
            title_at: line(text_x, sandbox_y, 0),
            detail_at: line(text_x, sandbox_y, 1),
            ports_at: line(text_x, sandbox_y, 2),
            rect: sandbox_rect,
            image: String::new(),
            pid: "—".to_owned(),
            state: SandboxState::Gone,
            attempt: old.attempt,
            ports: Vec::new(),
            chips: Vec::new(),
            kill_at: None,
        }),
    };
    let containers_y = if pod.node.is_some() {
        sandbox_y + SANDBOX_H + GAP
    } else {
        sandbox_y
    };

    let containers: Vec<ContainerBox> = pod
        .containers
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let cx = left + i as f32 * (CONTAINER_W + GAP);
            container_box(world, pod, c, cx, containers_y, &host, &mut colors)
        })
        .collect();
    let links = containers
        .iter()
        .flat_map(|c| {
            joined_links(
                sandbox.as_ref().map_or(&[][..], |s| &s.chips),
                &c.chips,
                c.rect.y,
            )
        })
        .collect();

    let vols = pod_volumes(pod, &world.cluster, left, containers_y + CONTAINER_H);
    let legend_y = containers_y + CONTAINER_H + vols.height + 8.0;
    let namespaces: Vec<_> = sandbox
        .iter()
        .flat_map(|s| &s.chips)
        .chain(containers.iter().flat_map(|c| &c.chips))
        .map(|k| {
            (
                k.kind,
                k.inode,
                k.color,
                k.source == crate::model::linux_ns::NsSource::Host,
            )
        })
        .collect();
    let (legend, legend_h) = legend(&namespaces, left, legend_y, inner_w);
    let h = legend_y + legend_h + POD_PAD - y;

    let previous_ip = match (&pod.sandbox, pod.old_sandboxes.last()) {
        (_, Some(old)) if old.ip.is_some() && old.ip != pod.ip => old.ip.map(|ip| ip.to_string()),
        _ => None,
    };
    PodBox {
        rect: Rect { x, y, w, h },
        title_at: line(left, y, 0),
        pending_at,
        name: pod.spec.key.name.clone(),
        namespace: pod.spec.key.namespace.clone(),
        status,
        qos,
        pending: pod.unschedulable.clone(),
        pending_note,
        ip,
        previous_ip,
        sandbox,
        containers,
        links,
        volumes: vols.disks,
        mounts: vols.mounts,
        legend,
    }
}

/// The pod IP as the title shows it: the address, `host network`, or `none`.
pub(super) fn ip_text(pod: &Pod) -> String {
    pod.ip.map_or_else(
        || {
            if pod.node.is_none() {
                "none"
            } else if pod.spec.ns.host_network {
                "host network"
            } else {
                "none"
            }
            .to_owned()
        },
        |ip| ip.to_string(),
    )
}

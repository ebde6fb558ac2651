//! Services as boxes beside the pods, each with a line to every ready endpoint: the pods of
//! its namespace that match its selector, have an IP, and are Ready and not terminating.
//!
//! Models kubernetes/kubernetes staging/src/k8s.io/endpointslice/utils.go `podToEndpoint`
//! (`ready := PublishNotReadyAddresses || (IsPodReady && DeletionTimestamp == nil)`) and
//! util/controller_utils.go `ShouldPodBeInEndpoints` (no IP: no endpoint).

use crate::model::cluster::{ClusterIp, ServiceSpec, TargetPort};
use crate::model::ids::ObjectKey;
use crate::sim::world::{Pod, World};

use super::geometry::{
    Point, Rect, SMALL_LINE_H, TEXT_INSET, TITLE_CHAR_W, TextLine, chars_in, cut,
};

/// A Service of the cluster.
#[derive(Clone, Debug, PartialEq)]
pub struct ServiceBox {
    pub rect: Rect,
    pub key: ObjectKey,
    /// `svc NAME (TYPE)`, its ClusterIP and ports.
    pub lines: Vec<TextLine>,
    /// The pods it sends traffic to now.
    pub endpoints: Vec<ObjectKey>,
    /// A line to each endpoint's box.
    pub links: Vec<(Point, Point)>,
}

pub(super) const SERVICE_W: f32 = 280.0;
const SERVICE_H: f32 = 62.0;

/// Whether `pod` is a ready endpoint of `svc`.
pub(super) fn is_ready_endpoint(svc: &ServiceSpec, pod: &Pod) -> bool {
    !svc.selector.is_empty()
        && pod.spec.key.namespace == svc.key.namespace
        && svc
            .selector
            .iter()
            .all(|(k, v)| pod.spec.labels.get(k) == Some(v))
        && pod.ip.is_some()
        && pod.deletion.is_none()
        && crate::sim::status::ready(pod)
}

/// Lays out the Services in a column at `x` from `y` down, each joined to the boxes of its
/// ready endpoints (`anchor` gives the point on a pod's box a line ends at).
pub(super) fn services(
    world: &World,
    x: f32,
    y: f32,
    anchor: &dyn Fn(&ObjectKey) -> Option<Point>,
) -> Vec<ServiceBox> {
    let width = chars_in(SERVICE_W - 2.0 * TEXT_INSET);
    world
        .cluster
        .services
        .iter()
        .enumerate()
        .map(|(i, svc)| {
            let rect = Rect {
                x,
                y: y + i as f32 * (SERVICE_H + 12.0),
                w: SERVICE_W,
                h: SERVICE_H,
            };
            let ip = match &svc.cluster_ip {
                ClusterIp::Address(a) => a.clone(),
                ClusterIp::Headless => "None (headless)".to_owned(),
                ClusterIp::NotApplicable => svc.external_name.clone().unwrap_or_default(),
            };
            let ports: Vec<String> = svc
                .ports
                .iter()
                .map(|p| {
                    let target = match &p.target_port {
                        TargetPort::Number(n) => n.to_string(),
                        TargetPort::Name(n) => n.clone(),
                    };
                    let node = p.node_port.map(|n| format!(":{n}")).unwrap_or_default();
                    format!("{}{node}→{target}/{}", p.port, p.protocol.as_str())
                })
                .collect();
            let endpoints: Vec<ObjectKey> = world
                .pods()
                .filter(|p| is_ready_endpoint(svc, p))
                .map(|p| p.spec.key.clone())
                .collect();
            let count = match endpoints.len() {
                0 => "no ready endpoints".to_owned(),
                1 => "1 ready endpoint".to_owned(),
                n => format!("{n} ready endpoints"),
            };
            let texts = [
                format!("svc {} ({:?})", svc.key.name, svc.type_),
                format!("{ip}  {}", ports.join(" ")),
                count,
            ];
            let lines = texts
                .iter()
                .enumerate()
                .map(|(n, t)| TextLine {
                    at: Point {
                        x: rect.x + TEXT_INSET,
                        y: rect.y + 17.0 + n as f32 * SMALL_LINE_H,
                    },
                    // The first line is a title, in wider characters.
                    text: if n == 0 {
                        cut(t, ((SERVICE_W - 2.0 * TEXT_INSET) / TITLE_CHAR_W) as usize)
                    } else {
                        cut(t, width)
                    },
                })
                .collect();
            let from = Point {
                x: rect.x,
                y: rect.y + rect.h / 2.0,
            };
            let links = endpoints
                .iter()
                .filter_map(|k| anchor(k).map(|to| (from, to)))
                .collect();
            ServiceBox {
                rect,
                key: svc.key.clone(),
                lines,
                endpoints,
                links,
            }
        })
        .collect()
}

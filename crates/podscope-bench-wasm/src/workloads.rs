//! The pipeline's benchmark inputs: the generated 1,000-document mixed manifest (and its
//! 250 to 2,000-document variants), the Deployment with `replicas: 1000`, and the bare
//! serde_yaml baseline. The criterion benches include this file by `#[path]`, so native and
//! wasm figures measure the same bytes.

use std::fmt::Write;
use std::hint::black_box;

use podscope_core::{DEFAULT_SEED, Loaded, load};
use serde::Deserialize;

/// The document counts of the growth benchmark (`load_scaling/N`).
pub const SCALING_DOCS: [usize; 4] = [250, 500, 1000, 2000];

/// Pods in `mixed_manifest(1000)`: 690 Pods and 10 Deployments of two replicas.
pub const PODS_IN_1000_DOCS: usize = 690 + 10 * 2;

/// Document `i` of a mixed manifest: per ten, six one-container Pods, two ConfigMaps, a
/// Service and a two-container Pod, except that every hundredth document is a Deployment of
/// two replicas instead (1,000 documents: 690 Pods and 10 Deployments, 710 pods in all).
fn document(i: usize, out: &mut String) {
    let r = if i % 100 == 99 {
        write!(
            out,
            "apiVersion: apps/v1
kind: Deployment
metadata:
  name: api-{i}
  labels: {{app: api-{i}}}
spec:
  replicas: 2
  selector:
    matchLabels: {{app: api-{i}}}
  template:
    metadata:
      labels: {{app: api-{i}}}
    spec:
      containers:
      - name: api
        image: registry.example.com/team/api:1.4.{i}
        args: [\"--listen\", \":8080\"]
        ports:
        - containerPort: 8080
        resources:
          requests: {{cpu: 250m, memory: 128Mi}}
          limits: {{memory: 256Mi}}
"
        )
    } else {
        match i % 10 {
            0..=5 => write!(
                out,
                "apiVersion: v1
kind: Pod
metadata:
  name: web-{i}
  namespace: shop
  labels:
    app: web
    shard: \"{i}\"
spec:
  containers:
  - name: nginx
    image: nginx:1.27
    ports:
    - containerPort: 80
      name: http
    resources:
      requests: {{cpu: 100m, memory: 64Mi}}
      limits: {{cpu: 500m, memory: 128Mi}}
"
            ),
            6 | 7 => write!(
                out,
                "apiVersion: v1
kind: ConfigMap
metadata:
  name: settings-{i}
  namespace: shop
data:
  LOG_LEVEL: info
  FEATURE_FLAGS: \"a,b,c\"
  nginx.conf: |
    server {{
      listen 80;
      location / {{ root /usr/share/nginx/html; }}
    }}
"
            ),
            8 => write!(
                out,
                "apiVersion: v1
kind: Service
metadata:
  name: web-{i}
  namespace: shop
spec:
  selector: {{app: web}}
  ports:
  - name: http
    port: 80
    targetPort: 80
"
            ),
            _ => write!(
                out,
                "apiVersion: v1
kind: Pod
metadata:
  name: worker-{i}
  namespace: shop
  labels: {{app: worker}}
spec:
  shareProcessNamespace: true
  restartPolicy: OnFailure
  containers:
  - name: worker
    image: busybox:1.36
    command: [sh, -c, \"while true; do sleep 5; done\"]
  - name: sidecar
    image: registry.example.com/team/log-shipper@sha256:0123456789abcdef
    args: [\"--to\", \"stdout\"]
"
            ),
        }
    };
    r.expect("writing to a String cannot fail");
}

/// `docs` documents separated by `---`.
pub fn mixed_manifest(docs: usize) -> String {
    let mut out = String::new();
    for i in 0..docs {
        if i > 0 {
            out.push_str("---\n");
        }
        document(i, &mut out);
    }
    out
}

/// One Deployment asking for 1,000 replicas (podscope's cap), two containers each.
pub const BIG_DEPLOYMENT: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata: {name: fleet}
spec:
  replicas: 1000
  selector:
    matchLabels: {app: fleet}
  template:
    metadata:
      labels: {app: fleet}
    spec:
      containers:
      - name: app
        image: nginx:1.27
        ports: [{containerPort: 80}]
      - name: sidecar
        image: busybox:1.36
        command: [sleep, 3650d]
";

/// Loads `text`, insisting it is free of errors so the benchmark measures the real path.
pub fn checked_load(text: &str) -> Loaded {
    let loaded = load(text, DEFAULT_SEED);
    assert!(
        !loaded.has_errors(),
        "the benchmark manifest must load cleanly: {:?}",
        loaded.diagnostics.iter().find(|d| d.is_error())
    );
    loaded
}

/// The baseline: serde_yaml reads every document into a `Value`, nothing more (the issue's
/// `serde_yaml::from_str::<serde_yaml::Value>`, once per document of the stream).
pub fn bare_yaml(text: &str) -> usize {
    let mut n = 0;
    for doc in serde_yaml::Deserializer::from_str(text) {
        let value = serde_yaml::Value::deserialize(doc).expect("valid YAML");
        black_box(&value);
        n += 1;
    }
    n
}

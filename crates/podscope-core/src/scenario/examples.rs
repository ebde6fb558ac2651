//! Example manifests the playground, the tests and the docs share.

/// The pod from Ian Lewis' "The Almighty Pause Container", as the seed posts run it: a
/// busybox that sleeps and an nginx, sharing the pause container's namespaces.
pub const DEMO: &str = "\
apiVersion: v1
kind: Pod
metadata: {name: demo, labels: {app: demo}}
spec:
  containers:
    - {name: busybox, image: busybox, command: [sleep, 3650d]}
    - {name: nginx, image: \"nginx:1.21\"}
";

//! PersistentVolumes and claims: the PersistentVolume controller binds a claim to the
//! smallest matching volume, `kubectl get pv|pvc` show both sides, a pod mounting the claim
//! sees the files of the volume's hostPath directory on the node, and deleting the claim
//! leaves a `Retain` volume `Released`.

use podscope_core::scenario::script::Scenario;
use podscope_core::{World, WorldOptions, load};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

const MANIFEST: &str = "\
apiVersion: v1
kind: PersistentVolume
metadata: {name: big, labels: {type: local}}
spec:
  storageClassName: manual
  capacity: {storage: 20Gi}
  accessModes: [ReadWriteOnce]
  hostPath: {path: /mnt/big}
---
apiVersion: v1
kind: PersistentVolume
metadata: {name: small}
spec:
  storageClassName: manual
  capacity: {storage: 10Gi}
  accessModes: [ReadWriteOnce, ReadOnlyMany]
  hostPath: {path: /mnt/data}
---
apiVersion: v1
kind: PersistentVolume
metadata: {name: other-class}
spec:
  storageClassName: fast
  capacity: {storage: 5Gi}
  accessModes: [ReadWriteOnce]
  hostPath: {path: /mnt/fast}
";

fn transcript(script: &str) -> String {
    let manifest = load(MANIFEST, podscope_core::DEFAULT_SEED);
    let mut world = World::from_loaded(
        &manifest,
        podscope_core::DEFAULT_SEED,
        WorldOptions::default(),
    );
    let script: Scenario = script.parse().expect("a valid script");
    script.run(&mut world).to_string()
}

#[test]
fn a_claim_binds_the_smallest_matching_volume_and_its_pod_sees_the_node_directory() {
    let text = transcript(
        "at 0s node -it -- mkdir -p /mnt/data && echo hello > /mnt/data/index.html\n\
         at 10s apply <<EOF\n\
{apiVersion: v1, kind: PersistentVolumeClaim, metadata: {name: claim}, spec: {storageClassName: manual, accessModes: [ReadWriteOnce], resources: {requests: {storage: 3Gi}}}}\n\
---\n\
{apiVersion: v1, kind: Pod, metadata: {name: web}, spec: {volumes: [{name: v, persistentVolumeClaim: {claimName: claim}}], containers: [{name: nginx, image: nginx, volumeMounts: [{name: v, mountPath: /usr/share/nginx/html}]}]}}\n\
EOF\n\
         at 40s node -- kubectl get pv\n\
         at 40s node -- kubectl get pvc -o wide\n\
         at 40s exec web/nginx -- cat /usr/share/nginx/html/index.html\n\
         at 50s node -- kubectl delete pod web\n\
         at 50s node -- kubectl delete pvc claim\n\
         at 50s node -- kubectl get pv small\n",
    );
    insta::assert_snapshot!(text);
    assert!(
        text.contains(
            "small         10Gi       RWO,ROX        Retain           Bound       default/claim"
        ),
        "{text}"
    );
    assert!(
        text.contains("claim   Bound    small    10Gi       RWO,ROX        manual"),
        "{text}"
    );
    assert!(text.contains("index.html\nhello\n"), "{text}");
    assert!(text.contains("persistentvolumeclaim \"claim\" deleted from default namespace\n"));
    assert!(
        text.contains(
            "small   10Gi       RWO,ROX        Retain           Released   default/claim"
        ),
        "{text}"
    );
}

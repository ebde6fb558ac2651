//! cgroup v2 values (`cpu.weight`, `cpu.max`, `memory.*`) and systemd-driver cgroup paths.
//!
//! Conversions model kubernetes/kubernetes pkg/kubelet/cm/helpers_linux.go
//! (`MilliCPUToShares`, `MilliCPUToQuota`, `ResourceConfigForPod`),
//! pkg/kubelet/kuberuntime/kuberuntime_container_linux.go (`generateLinuxContainerResources`,
//! `calculateLinuxResources`) and opencontainers/cgroups `ConvertCPUSharesToCgroupV2Value`
//! (k8s-facts §6.1, §6.2). Paths follow k8s-facts §6.3.

use super::qos::QosClass;

/// helpers_linux.go `MinShares`.
pub const MIN_SHARES: u64 = 2;
/// helpers_linux.go `MaxShares`.
pub const MAX_SHARES: u64 = 262_144;
/// helpers_linux.go `SharesPerCPU`.
pub const SHARES_PER_CPU: u64 = 1024;
/// helpers_linux.go `MilliCPUToCPU`.
pub const MILLI_CPU_TO_CPU: u64 = 1000;
/// helpers_linux.go `QuotaPeriod` (µs), the CFS period the kubelet uses by default.
pub const QUOTA_PERIOD: u64 = 100_000;
/// helpers_linux.go `MinQuotaPeriod` (µs), the smallest quota the kubelet writes.
pub const MIN_QUOTA_PERIOD: u64 = 1000;
/// kuberuntime `defaultPageSize` on x86-64 (the OS page size), for `memory.high`.
pub const PAGE_SIZE: u64 = 4096;
/// Where cgroup v2 is mounted.
pub const CGROUP_MOUNT: &str = "/sys/fs/cgroup";

/// Which shares → `cpu.weight` conversion the OCI runtime (and the kubelet's cgroup library)
/// uses (k8s-facts §6.1).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CpuWeightFormula {
    /// runc ≤ 1.2, crun < 1.23: linear, 1 CPU → 39.
    Old,
    /// runc PR #4785, crun issue #1721, opencontainers/cgroups: quadratic in log2, 1 CPU → 100.
    #[default]
    New,
}

/// helpers_linux.go `MilliCPUToShares`: 0 → 2, else `milli * 1024 / 1000` within [2, 262144].
pub fn milli_cpu_to_shares(milli_cpu: u64) -> u64 {
    if milli_cpu == 0 {
        return MIN_SHARES;
    }
    let shares = u128::from(milli_cpu) * u128::from(SHARES_PER_CPU) / u128::from(MILLI_CPU_TO_CPU);
    u64::try_from(shares)
        .unwrap_or(MAX_SHARES)
        .clamp(MIN_SHARES, MAX_SHARES)
}

/// helpers_linux.go `MilliCPUToQuota` with the default 100 ms period: 0 → 0 (no limit), else
/// `milli * 100000 / 1000`, raised to at least 1000.
pub fn milli_cpu_to_quota(milli_cpu: u64) -> u64 {
    if milli_cpu == 0 {
        return 0;
    }
    let quota = u128::from(milli_cpu) * u128::from(QUOTA_PERIOD) / u128::from(MILLI_CPU_TO_CPU);
    u64::try_from(quota)
        .unwrap_or(u64::MAX)
        .max(MIN_QUOTA_PERIOD)
}

/// The `cpu.max` file for a CFS quota: `"<quota> 100000"`, or `"max 100000"` for 0 (runc and
/// the kubelet's cgroup library write `max` for an unset quota).
pub fn cpu_max(quota: u64) -> String {
    if quota == 0 {
        format!("max {QUOTA_PERIOD}")
    } else {
        format!("{quota} {QUOTA_PERIOD}")
    }
}

/// opencontainers/cgroups (and runc libcontainer/cgroups/utils.go)
/// `ConvertCPUSharesToCgroupV2Value`. 0 means "unset" and gives 0 in both forms (the kubelet
/// never passes it: `milli_cpu_to_shares` returns at least 2).
pub fn cpu_shares_to_weight(shares: u64, formula: CpuWeightFormula) -> u32 {
    if shares == 0 {
        return 0;
    }
    match formula {
        CpuWeightFormula::Old => {
            let w = 1 + u128::from(shares.saturating_sub(2)) * 9999 / 262_142;
            u32::try_from(w).unwrap_or(u32::MAX)
        }
        CpuWeightFormula::New => {
            if shares <= 2 {
                return 1;
            }
            if shares >= MAX_SHARES {
                return 10_000;
            }
            // Quadratic function which fits min, max and default (1024 → 100). Floating point as
            // upstream; every input in (2, 262144) lands well away from an integer boundary
            // (tested exhaustively), so libm differences cannot change the result.
            #[allow(clippy::cast_precision_loss)]
            let l = (shares as f64).log2();
            let exponent = (l * l + 125.0 * l) / 612.0 - 7.0 / 34.0;
            let w = 10f64.powf(exponent).ceil();
            // w is in [1, 10000] here.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let w = w as u32;
            w
        }
    }
}

/// kuberuntime_container_linux.go `generateLinuxContainerResources` (MemoryQoS part): the
/// `memory.high` value, `floor((request + 0.9 × (limit or allocatable − request)) / 4096) ×
/// 4096`, when request ≠ limit and the result is above the request; `None` otherwise. The
/// arithmetic is float64, as upstream (`memoryThrottlingFactor` defaults to 0.9,
/// pkg/kubelet/apis/config/v1beta1/defaults.go `DefaultMemoryThrottlingFactor`).
pub fn memory_high(request: u64, limit: u64, node_allocatable: u64) -> Option<u64> {
    const THROTTLING_FACTOR: f64 = 0.9;
    if request == limit {
        return None;
    }
    let ceiling = if limit != 0 {
        limit
    } else if node_allocatable > 0 {
        node_allocatable
    } else {
        return None;
    };
    #[allow(clippy::cast_precision_loss)]
    let (req, ceil, page) = (request as f64, ceiling as f64, PAGE_SIZE as f64);
    let pages = ((req + (ceil - req) * THROTTLING_FACTOR) / page).floor();
    // Go converts with int64(); negative or huge results cannot pass the checks below.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let high = (pages.max(0.0) as u64).saturating_mul(PAGE_SIZE);
    (high != 0 && high > request).then_some(high)
}

/// The file contents of one cgroup's resource files, as they read on the node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CgroupValues {
    /// The CFS shares the kubelet computes (cgroup v1 `cpu.shares`; v2 derives `cpu.weight`).
    pub cpu_shares: u64,
    /// `cpu.weight`.
    pub cpu_weight: u32,
    /// `cpu.max`: `"<quota> <period>"`, `"max 100000"` without a limit.
    pub cpu_max: String,
    /// `memory.max`: bytes, or `"max"`.
    pub memory_max: String,
    /// `memory.min` as the kubelet sets it with the MemoryQoS gate (the request, or 0); `None`
    /// when the gate is off (the file then holds the kernel default, 0).
    pub memory_min: Option<u64>,
    /// `memory.high` with the MemoryQoS gate (bytes, or `"max"` when the kubelet leaves it);
    /// `None` when the gate is off (the file then holds `max`).
    pub memory_high: Option<String>,
    /// `memory.oom.group`: the kubelet sets 1 on cgroup v2 containers (unless
    /// `singleProcessOOMKill`), so an OOM kill takes the whole container
    /// (`calculateLinuxResources`). Pod cgroups keep 0.
    pub memory_oom_group: bool,
}

/// Which runtime created a container, for its cgroup scope name.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CgroupRuntime {
    /// `cri-containerd-<id>.scope` (containerd `getCgroupsPath`, `slice:cri-containerd:<id>`).
    #[default]
    Containerd,
    /// `crio-<id>.scope` (CRI-O; its monitor runs in `crio-conmon-<id>.scope`).
    CriO,
    /// `docker-<id>.scope` (Docker Engine / cri-dockerd).
    Docker,
}

impl CgroupRuntime {
    pub fn scope_prefix(self) -> &'static str {
        match self {
            CgroupRuntime::Containerd => "cri-containerd",
            CgroupRuntime::CriO => "crio",
            CgroupRuntime::Docker => "docker",
        }
    }
}

/// systemd escaping of a slice name part as the kubelet does it
/// (cgroup_manager_linux.go `escapeSystemdCgroupName`: `-` → `_`).
fn systemd_escape(part: &str) -> String {
    part.replace('-', "_")
}

/// The QoS-level cgroup under the systemd driver: `kubepods.slice` for Guaranteed pods,
/// `kubepods.slice/kubepods-burstable.slice`, `kubepods.slice/kubepods-besteffort.slice`
/// (k8s-facts §6.3; kubelet slice naming from memory, unverified).
pub fn qos_cgroup_path(qos: QosClass) -> String {
    match qos {
        QosClass::Guaranteed => format!("{CGROUP_MOUNT}/kubepods.slice"),
        QosClass::Burstable => format!("{CGROUP_MOUNT}/kubepods.slice/kubepods-burstable.slice"),
        QosClass::BestEffort => format!("{CGROUP_MOUNT}/kubepods.slice/kubepods-besteffort.slice"),
    }
}

/// The pod cgroup under the systemd driver, e.g.
/// `/sys/fs/cgroup/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod<uid_>.slice`
/// with `-` in the UID written as `_` (k8s-facts §6.3).
pub fn pod_cgroup_path(qos: QosClass, pod_uid: &str) -> String {
    let uid = systemd_escape(pod_uid);
    let parent = qos_cgroup_path(qos);
    match qos {
        QosClass::Guaranteed => format!("{parent}/kubepods-pod{uid}.slice"),
        QosClass::Burstable => format!("{parent}/kubepods-burstable-pod{uid}.slice"),
        QosClass::BestEffort => format!("{parent}/kubepods-besteffort-pod{uid}.slice"),
    }
}

/// A container's (or the pause container's) cgroup: the pod slice plus
/// `<runtime prefix>-<container id>.scope` (k8s-facts §6.3).
pub fn container_cgroup_path(
    qos: QosClass,
    pod_uid: &str,
    runtime: CgroupRuntime,
    container_id: &str,
) -> String {
    format!(
        "{}/{}-{container_id}.scope",
        pod_cgroup_path(qos, pod_uid),
        runtime.scope_prefix()
    )
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn shares() {
        assert_eq!(milli_cpu_to_shares(0), 2);
        assert_eq!(milli_cpu_to_shares(1), 2);
        assert_eq!(milli_cpu_to_shares(10), 10);
        assert_eq!(milli_cpu_to_shares(100), 102);
        assert_eq!(milli_cpu_to_shares(1000), 1024);
        assert_eq!(milli_cpu_to_shares(256_000), 262_144);
        assert_eq!(milli_cpu_to_shares(u64::MAX), 262_144);
    }

    /// Every row of k8s-facts §6.1's table.
    #[test]
    fn cpu_weight_table() {
        use CpuWeightFormula::{New, Old};
        for (milli, shares, old, new) in [
            (0, 2, 1, 1),
            (10, 10, 1, 4),
            (100, 102, 4, 17),
            (250, 256, 10, 35),
            (500, 512, 20, 59),
            (1000, 1024, 39, 100),
            (2000, 2048, 79, 174),
            (4000, 4096, 157, 303),
        ] {
            let s = milli_cpu_to_shares(milli);
            assert_eq!(s, shares, "{milli}m");
            assert_eq!(cpu_shares_to_weight(s, Old), old, "{milli}m old");
            assert_eq!(cpu_shares_to_weight(s, New), new, "{milli}m new");
        }
        assert_eq!(cpu_shares_to_weight(MAX_SHARES, New), 10_000);
        assert_eq!(cpu_shares_to_weight(MAX_SHARES, Old), 10_000);
        assert_eq!(cpu_shares_to_weight(0, New), 0);
    }

    /// The new formula is float math; check that no share value lands so close to an integer
    /// that a last-bit difference between libms (native vs wasm, Go vs Rust) could move the
    /// ceiling. 1024 → exactly 100 is the one exact case (log2 of a power of two is exact).
    #[test]
    fn cpu_weight_new_is_robust_to_libm_rounding() {
        let mut last = 1;
        for shares in 3..MAX_SHARES {
            #[allow(clippy::cast_precision_loss)]
            let l = (shares as f64).log2();
            let exponent = (l * l + 125.0 * l) / 612.0 - 7.0 / 34.0;
            let x = 10f64.powf(exponent);
            let w = cpu_shares_to_weight(shares, CpuWeightFormula::New);
            assert!(w >= last, "monotonic at {shares}");
            last = w;
            if shares == 1024 {
                assert_eq!(w, 100);
                continue;
            }
            let frac = x - x.floor();
            assert!(
                frac > 1e-9 && frac < 1.0 - 1e-9,
                "{shares}: 10^{exponent} = {x} is too close to an integer"
            );
        }
    }

    #[test]
    fn cpu_max_table() {
        for (milli, max) in [
            (0, "max 100000"),
            (5, "1000 100000"),
            (10, "1000 100000"),
            (100, "10000 100000"),
            (250, "25000 100000"),
            (500, "50000 100000"),
            (1000, "100000 100000"),
            (1500, "150000 100000"),
        ] {
            assert_eq!(cpu_max(milli_cpu_to_quota(milli)), max, "{milli}m");
        }
    }

    #[test]
    fn memory_high_examples() {
        const MI: u64 = 1 << 20;
        // k8s-facts §6.2.
        assert_eq!(memory_high(64 * MI, 128 * MI, 8 << 30), Some(127_504_384));
        assert_eq!(memory_high(0, 128 * MI, 8 << 30), Some(120_795_136));
        // Guaranteed: none.
        assert_eq!(memory_high(128 * MI, 128 * MI, 8 << 30), None);
        // No limit: node allocatable.
        assert_eq!(
            memory_high(0, 0, 8 << 30),
            None,
            "request == limit == 0 sets nothing (1.35 code)"
        );
        assert_eq!(
            memory_high(64 * MI, 0, 1 << 30),
            Some((64 * MI + (1024 - 64) * MI * 9 / 10) / 4096 * 4096)
        );
        // No limit and no allocatable: none.
        assert_eq!(memory_high(64 * MI, 0, 0), None);
        // Result not above the request: none.
        assert_eq!(memory_high(4095, 4096, 0), None);
    }

    #[test]
    fn paths() {
        let uid = "2d0b7a4e-6a39-4c6b-9d0e-3f5a0f0f8c11";
        let id = "a".repeat(64);
        assert_eq!(
            container_cgroup_path(QosClass::Burstable, uid, CgroupRuntime::Containerd, &id),
            format!(
                "/sys/fs/cgroup/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod2d0b7a4e_6a39_4c6b_9d0e_3f5a0f0f8c11.slice/cri-containerd-{id}.scope"
            )
        );
        assert_eq!(
            pod_cgroup_path(QosClass::Guaranteed, uid),
            "/sys/fs/cgroup/kubepods.slice/kubepods-pod2d0b7a4e_6a39_4c6b_9d0e_3f5a0f0f8c11.slice"
        );
        assert_eq!(
            pod_cgroup_path(QosClass::BestEffort, uid),
            "/sys/fs/cgroup/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod2d0b7a4e_6a39_4c6b_9d0e_3f5a0f0f8c11.slice"
        );
        assert!(
            container_cgroup_path(QosClass::Guaranteed, uid, CgroupRuntime::CriO, "b")
                .ends_with(".slice/crio-b.scope")
        );
        assert!(
            container_cgroup_path(QosClass::BestEffort, uid, CgroupRuntime::Docker, "c").ends_with(
                "kubepods-besteffort-pod2d0b7a4e_6a39_4c6b_9d0e_3f5a0f0f8c11.slice/docker-c.scope"
            )
        );
    }
}

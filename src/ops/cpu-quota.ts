// How many CPUs this process may use: the CPUs it may run on, capped by its cgroup's CPU quota (a
// container's --cpus, Kubernetes' CPU limit, systemd's CPUQuota=), which os.availableParallelism()
// does not see: a container limited to 2 CPUs on a 64-core host would otherwise count 64.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Whole CPUs a quota of `quota` µs per `period` µs allows, rounded up; null for no or no valid quota. */
function wholeCpus(quota: string, period: string): number | null {
  if (!/^\d+$/.test(quota) || !/^\d+$/.test(period)) return null;
  const [q, p] = [Number(quota), Number(period)];
  if (q === 0 || p === 0) return null;
  return Math.max(1, Math.ceil(q / p));
}

/** cgroup v2 `cpu.max`: "200000 100000" is 2 CPUs, "150000 100000" rounds up to 2, "max 100000" is no quota. */
export function cpuMaxQuota(cpuMax: string): number | null {
  const fields = cpuMax.trim().split(/\s+/);
  if (fields.length !== 2 || fields[0] === 'max') return null;
  return wholeCpus(fields[0], fields[1]);
}

/** cgroup v1 `cpu.cfs_quota_us` and `cpu.cfs_period_us`: a quota of -1 is no quota. */
export function cfsQuota(quotaUs: string, periodUs: string): number | null {
  return wholeCpus(quotaUs.trim(), periodUs.trim());
}

function read(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** The cgroup folders whose quota applies: the mount points, and the process's own group and its parents. */
function cgroupDirs(root: string, selfCgroup: string): { version: 1 | 2; dir: string }[] {
  const dirs = [
    { version: 2 as const, dir: root },
    { version: 1 as const, dir: path.join(root, 'cpu') },
    { version: 1 as const, dir: path.join(root, 'cpu,cpuacct') },
  ];
  // Lines such as "0::/system.slice/api.service" (v2) or "4:cpu,cpuacct:/docker/abc" (v1).
  for (const line of selfCgroup.split('\n')) {
    const [, controllers, group] = line.split(':');
    if (group === undefined || !(controllers === '' || controllers.split(',').includes('cpu'))) continue;
    const mount = controllers === '' ? root : path.join(root, controllers);
    for (let dir = group; dir !== '/' && dir !== '.' && dir !== ''; dir = path.posix.dirname(dir)) {
      dirs.push({ version: controllers === '' ? 2 : 1, dir: path.join(mount, dir) });
    }
  }
  return dirs;
}

/** The tightest CPU quota of this process's cgroups in whole CPUs, or null when none is set or readable. */
export function readCpuQuota(root = '/sys/fs/cgroup', selfCgroup = '/proc/self/cgroup'): number | null {
  const quotas: number[] = [];
  for (const { version, dir } of cgroupDirs(root, read(selfCgroup) ?? '')) {
    let quota: number | null = null;
    if (version === 2) {
      const cpuMax = read(path.join(dir, 'cpu.max'));
      quota = cpuMax === null ? null : cpuMaxQuota(cpuMax);
    } else {
      const [quotaUs, periodUs] = [read(path.join(dir, 'cpu.cfs_quota_us')), read(path.join(dir, 'cpu.cfs_period_us'))];
      quota = quotaUs === null || periodUs === null ? null : cfsQuota(quotaUs, periodUs);
    }
    if (quota !== null) quotas.push(quota);
  }
  return quotas.length === 0 ? null : Math.min(...quotas);
}

/** The CPUs this process may run on, capped by its cgroup quota when one is set; at least 1. */
export function usableCpus(available = os.availableParallelism(), quota = readCpuQuota()): number {
  return Math.max(1, Math.min(available, quota ?? available));
}

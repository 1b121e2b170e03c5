// The CPUs a cgroup quota allows, from the files' contents and from a real folder laid out as
// /sys/fs/cgroup is: what the default of WORKERS is capped by (src/config.ts).
import fs from 'node:fs';
import path from 'node:path';
import { cfsQuota, cpuMaxQuota, readCpuQuota, usableCpus } from '../../src/ops/cpu-quota';
import { tempDir } from '../support/server';

describe('cgroup v2 cpu.max', () => {
  it.each([
    ['200000 100000\n', 2],
    ['150000 100000\n', 2],
    ['50000 100000\n', 1],
    ['400000 100000', 4],
    ['max 100000\n', null],
    ['', null],
    ['max', null],
    ['two 100000', null],
    ['-100000 100000', null],
    ['0 100000', null],
    ['200000 0', null],
    ['200000 100000 7', null],
  ])('reads %j as %p CPUs', (cpuMax, cpus) => {
    expect(cpuMaxQuota(cpuMax)).toBe(cpus);
  });
});

describe('cgroup v1 cpu.cfs_quota_us and cpu.cfs_period_us', () => {
  it.each([
    ['200000\n', '100000\n', 2],
    ['150000', '100000', 2],
    ['25000', '100000', 1],
    ['-1\n', '100000\n', null],
    ['', '100000', null],
    ['lots', '100000', null],
    ['200000', '', null],
  ])('reads a quota of %j per %j as %p CPUs', (quota, period, cpus) => {
    expect(cfsQuota(quota, period)).toBe(cpus);
  });
});

describe('readCpuQuota', () => {
  let root: string;
  const write = (file: string, text: string): void => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  };
  beforeEach(() => {
    root = tempDir('scholargraph-cgroup-');
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it("reads a container's cgroup v2 quota at the mount's root", () => {
    write('cpu.max', '200000 100000\n');
    expect(readCpuQuota(root, path.join(root, 'none'))).toBe(2);
  });

  it("takes the tightest quota of the process's own cgroup v2 group and its parents", () => {
    write('self', '0::/system.slice/api.service\n');
    write('system.slice/cpu.max', '300000 100000\n');
    write('system.slice/api.service/cpu.max', 'max 100000\n');
    expect(readCpuQuota(root, path.join(root, 'self'))).toBe(3);
  });

  it('reads a cgroup v1 quota, and none when it is -1', () => {
    write('cpu,cpuacct/cpu.cfs_quota_us', '150000\n');
    write('cpu,cpuacct/cpu.cfs_period_us', '100000\n');
    expect(readCpuQuota(root, path.join(root, 'none'))).toBe(2);
    write('cpu,cpuacct/cpu.cfs_quota_us', '-1\n');
    expect(readCpuQuota(root, path.join(root, 'none'))).toBeNull();
  });

  it('is null with no cgroup files, or only unlimited ones', () => {
    expect(readCpuQuota(root, path.join(root, 'none'))).toBeNull();
    write('cpu.max', 'max 100000\n');
    expect(readCpuQuota(root, path.join(root, 'none'))).toBeNull();
  });
});

describe('usableCpus', () => {
  it('caps the CPUs by the quota when there is one, and is at least 1', () => {
    expect(usableCpus(64, 2)).toBe(2);
    expect(usableCpus(2, 8)).toBe(2);
    expect(usableCpus(16, null)).toBe(16);
    expect(usableCpus(0, null)).toBe(1);
  });
});

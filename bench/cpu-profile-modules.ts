// A .cpuprofile's self time by module, per stage of an import (issue 21): the samples of each
// thread's profile (`node --cpu-prof` writes one for the main thread and one per worker) split
// at the stage marks bench/import-stages.ts wrote, then summed by where the function lives: a file
// of src/, a package of node_modules, Node's internals, or V8's own (GC, idle, program). A native
// function (JSON.parse, a RegExp, ...) counts under "native, from" the module that called it, and
// SQLite's (better-sqlite3 and our statement counter, whose frames hold its native steps) under
// "SQLite, from" the code that ran the statement.
//
//   tsx bench/cpu-profile-modules.ts MARKS.json PROFILE.cpuprofile... [--top N]
import fs from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

interface Marks {
  marks: { stage: string; at: number }[];
  end: number;
}

function moduleOf(url: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const own = /\/(src|bench|seeds)\/(.*)$/.exec(url);
  if (own) return `${own[1]}/${own[2]}`;
  if (url.startsWith('node:')) return 'node internals';
  return url;
}

// The modules whose self time is SQLite's (see categories).
const SQLITE = new Set(['better-sqlite3', 'src/store/sqlite/statement-counter.ts']);

function categories(profile: Profile): Map<number, string> {
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const category = new Map<number, string>();
  const callerOutside = (id: number, wrappers: (module: string) => boolean): string => {
    let up = parent.get(id);
    while (up !== undefined && (!byId.get(up)!.callFrame.url || wrappers(moduleOf(byId.get(up)!.callFrame.url)))) up = parent.get(up);
    return up === undefined ? '?' : moduleOf(byId.get(up)!.callFrame.url);
  };
  for (const node of profile.nodes) {
    const { functionName, url } = node.callFrame;
    if (url && SQLITE.has(moduleOf(url))) {
      // better-sqlite3's native calls (a statement's steps) count in the frame of the JS that
      // made them: the counting wrapper of every statement, or better-sqlite3's own JS.
      category.set(node.id, `SQLite, from ${callerOutside(node.id, (module) => SQLITE.has(module))}`);
      continue;
    }
    if (url) {
      category.set(node.id, moduleOf(url));
      continue;
    }
    if (functionName.startsWith('(')) {
      category.set(node.id, functionName);
      continue;
    }
    // A native function: the nearest caller with a file.
    let up = parent.get(node.id);
    while (up !== undefined && !byId.get(up)!.callFrame.url) up = parent.get(up);
    category.set(node.id, `native ${functionName || '?'}, from ${up === undefined ? '?' : moduleOf(byId.get(up)!.callFrame.url)}`);
  }
  return category;
}

function main(): void {
  const args = process.argv.slice(2);
  const topAt = args.indexOf('--top');
  const top = topAt >= 0 ? Number(args.splice(topAt, 2)[1]) : 12;
  const [marksFile, ...profiles] = args;
  const { marks, end } = JSON.parse(fs.readFileSync(marksFile, 'utf8')) as Marks;
  const stageAt = (time: number): string => {
    let stage = time < marks[0].at ? 'before' : marks[0].stage;
    for (const mark of marks) if (time >= mark.at) stage = mark.stage;
    return time > end ? 'after' : stage;
  };
  for (const file of profiles) {
    const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
    const category = categories(profile);
    // stage -> category -> µs
    const totals = new Map<string, Map<string, number>>();
    let time = profile.startTime;
    for (let i = 0; i < profile.samples.length; i++) {
      time += profile.timeDeltas[i];
      const self = profile.timeDeltas[i + 1] ?? 0;
      const stage = stageAt(time);
      const byCategory = totals.get(stage) ?? new Map<string, number>();
      totals.set(stage, byCategory);
      const name = category.get(profile.samples[i]) ?? '?';
      byCategory.set(name, (byCategory.get(name) ?? 0) + self);
    }
    console.log(`\n## ${path.basename(file)} (${((profile.endTime - profile.startTime) / 1e6).toFixed(1)} s profiled)`);
    for (const [stage, byCategory] of totals) {
      const sum = [...byCategory.values()].reduce((a, b) => a + b, 0);
      console.log(`\n### ${stage}: ${(sum / 1e6).toFixed(2)} s`);
      console.log('| self time of | seconds | share |\n| --- | --- | --- |');
      for (const [name, us] of [...byCategory].sort((a, b) => b[1] - a[1]).slice(0, top)) {
        console.log(`| ${name} | ${(us / 1e6).toFixed(2)} | ${((100 * us) / sum).toFixed(1)}% |`);
      }
    }
  }
}

main();

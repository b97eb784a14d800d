import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_CAPS, ScanIo, scanFile, scanPaths } from '../../src/core/discovery';
import { BenchFigure, BenchSuite, timeIt } from '../harness';

/** Files in the generated workspace; override with ZKOPS_BENCH_DISCOVERY_N. */
const N = Number(process.env.ZKOPS_BENCH_DISCOVERY_N ?? 50_000);
const PER_DIR = 100;

/**
 * A workspace like a large monorepo: mostly source files, some config files that name no
 * ensemble (pom.xml, application.yml), a few that do, and a few config files over the size cap.
 */
function generate(root: string): { files: number; withConnect: number; large: number } {
  let withConnect = 0;
  let large = 0;
  for (let i = 0; i < N; i++) {
    const dir = path.join(root, `module-${Math.floor(i / PER_DIR)}`, i % 3 === 0 ? 'src/main/resources' : 'src');
    if (i % PER_DIR === 0 || i % PER_DIR === 1 || i % PER_DIR === 2) fs.mkdirSync(dir, { recursive: true });
    let name: string;
    let text: string;
    const kind = i % 100;
    if (kind < 3) {
      name = `application-${i}.properties`;
      text = `spring.application.name=svc${i}\nspring.cloud.zookeeper.connect-string=zk${i % 7}:2181,zk${(i + 1) % 7}:2181\n`;
      withConnect++;
    } else if (kind < 6) {
      name = `pom-${i}.xml`;
      text = `<project><modelVersion>4.0.0</modelVersion><artifactId>a${i}</artifactId></project>\n`;
    } else if (kind < 9) {
      name = `application-${i}.yml`;
      text = `server:\n  port: ${8000 + (i % 1000)}\nlogging:\n  level: INFO\n`;
    } else if (kind === 9 && i % 1000 === 9) {
      name = `huge-${i}.properties`;
      text = `zookeeper.connect=big:2181\n${'# padding\n'.repeat(40_000)}`;
      large++;
    } else {
      name = `File${i}.java`;
      text = `package m${Math.floor(i / PER_DIR)};\npublic class File${i} { /* zookeeper is mentioned here but never read */ }\n`;
    }
    fs.writeFileSync(path.join(dir, name), text);
  }
  return { files: N, withConnect, large };
}

/** Every file under root, as the editor's file search lists them (node_modules-style folders aside). */
function list(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else out.push(full);
    }
  };
  walk(root);
  return out;
}

const nodeIo: ScanIo = {
  size: async (p) =>
    fs.promises.stat(p).then(
      (s) => s.size,
      () => undefined,
    ),
  read: (p) => fs.promises.readFile(p, 'utf8'),
};

/**
 * The workspace scan on a generated 50k-file workspace: the bounded scan (name filter, file cap,
 * size cap) against reading and scanning every file, and the bounded scan's time per 10k files.
 * Throws when the scan leaves its caps, so a regression fails the bench.
 */
export const discovery: BenchSuite = {
  name: 'discovery',
  async run(): Promise<BenchFigure[]> {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zkops-bench-discovery-'));
    try {
      const made = generate(root);
      let paths: string[] = [];
      const listing = [await timeIt(async () => (paths = list(root)))];
      const bounded: number[] = [];
      const naive: number[] = [];
      let stats: Awaited<ReturnType<typeof scanPaths>>['stats'] | undefined;
      let naiveFound = 0;
      for (let round = 0; round < 3; round++) {
        if (round > 0) listing.push(await timeIt(async () => (paths = list(root))));
        bounded.push(
          await timeIt(async () => {
            const result = await scanPaths(paths, nodeIo, DEFAULT_CAPS);
            stats = result.stats;
          }),
        );
        naive.push(
          await timeIt(async () => {
            naiveFound = 0;
            for (const p of paths) naiveFound += scanFile(p, await fs.promises.readFile(p, 'utf8')).length;
          }),
        );
      }
      const s = stats!;
      if (s.filesRead > DEFAULT_CAPS.maxFiles)
        throw new Error(`the scan read ${s.filesRead} files, over its cap of ${DEFAULT_CAPS.maxFiles}`);
      if (s.bytesRead > DEFAULT_CAPS.maxFiles * DEFAULT_CAPS.maxFileBytes)
        throw new Error(`the scan read ${s.bytesRead} bytes, over its caps`);
      if (s.bytesRead > s.filesRead * DEFAULT_CAPS.maxFileBytes) throw new Error('the scan read a file over the size cap');
      if (s.skippedLarge === 0 || s.skippedLarge > made.large)
        throw new Error(`${made.large} files over the size cap, ${s.skippedLarge} skipped`);
      const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[1]!;
      const b = median(bounded);
      const n = median(naive);
      const l = median(listing);
      const per10k = (ms: number): number => (ms * 10_000) / made.files;
      return [
        {
          name: `bounded workspace scan vs reading and scanning every file (${made.files} files)`,
          ratio: n / b,
          detail:
            `bounded ${b.toFixed(0)} ms: ${s.candidates} candidates by name, ${s.filesRead} read (cap ${DEFAULT_CAPS.maxFiles}), ` +
            `${s.skippedOverCap} over the file cap, ${s.skippedLarge} over the size cap, ${(s.bytesRead / 1024).toFixed(0)} KiB; ` +
            `every file ${n.toFixed(0)} ms (${naiveFound} strings, ${made.withConnect} files name one)`,
        },
        {
          name: 'bounded scan time per 10k workspace files, over the time to list them',
          ratio: b / l,
          detail: `scan ${per10k(b).toFixed(1)} ms per 10k files; listing ${per10k(l).toFixed(1)} ms per 10k; every file ${per10k(n).toFixed(1)} ms per 10k`,
        },
      ];
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  },
};

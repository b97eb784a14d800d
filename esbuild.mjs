// One build script, one entry per runtime: the extension host, the language server, the webview
// (browser), the CLI and the benchmarks. `vscode` stays external: the editor provides it.
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
};

// `module` first: jsonc-parser's `main` is a UMD build whose require('./impl/…') calls esbuild cannot
// follow, so the bundle threw "Cannot find module './impl/format'" at run time; its ES module build bundles.
const node = { ...common, platform: 'node', target: 'node20', format: 'cjs', mainFields: ['module', 'main'] };

const builds = [
  { ...node, entryPoints: { extension: 'src/extension.ts' }, outdir: 'dist', external: ['vscode'] },
  { ...node, entryPoints: { server: 'src/server/main.ts' }, outdir: 'dist' },
  { ...node, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist' },
  // playwright-core (the dashboard suite drives Chromium) loads its own files at run time: not bundled.
  { ...node, entryPoints: { bench: 'bench/main.ts' }, outdir: 'dist', external: ['playwright-core'] },
  { ...common, platform: 'browser', target: 'es2022', format: 'iife', entryPoints: { webview: 'webview/main.ts' }, outdir: 'dist' },
];

// Suites that run inside the real extension host (test/e2e/host.test.ts drives them).
if (process.argv.includes('--host-tests')) {
  const { readdirSync } = await import('node:fs');
  const suites = readdirSync('test/host')
    .filter((f) => f.endsWith('.host.ts'))
    .map((f) => `test/host/${f}`);
  builds.push({ ...node, entryPoints: ['test/host/index.ts', ...suites], outdir: 'out/host', external: ['vscode'] });
}

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}

// Bundles every entry point that exists; each host gets one self-contained file in dist/.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const entries = [
  { in: 'engine/cli/main.ts', out: 'cli', banner: '#!/usr/bin/env node' },
  { in: 'engine/worker/main.ts', out: 'worker' },
  { in: 'extension/extension.ts', out: 'extension', external: ['vscode'] },
  { in: 'bench/main.ts', out: 'bench', external: ['@tensorflow/*'] },
];
const web = [{ in: 'webview/main.ts', out: 'webview' }];

await Promise.all([
  ...entries.filter((e) => existsSync(e.in)).map((e) =>
    build({
      entryPoints: { [e.out]: e.in }, outdir: 'dist', bundle: true, platform: 'node', format: 'cjs',
      target: 'node20', sourcemap: true, minify: !watch && e.out !== 'bench',
      external: e.external ?? [], banner: e.banner ? { js: e.banner } : undefined, logLevel: 'warning',
    })),
  ...web.filter((e) => existsSync(e.in)).map((e) =>
    build({
      entryPoints: { [e.out]: e.in }, outdir: 'dist', bundle: true, platform: 'browser', format: 'iife',
      target: 'es2022', sourcemap: true, minify: !watch, logLevel: 'warning',
    })),
]);

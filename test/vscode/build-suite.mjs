// Bundles the extension-host suite (TypeScript) into one CommonJS file VS Code can load.
import { build } from 'esbuild';
import { join } from 'node:path';
import { repo, artifacts } from './harness.mjs';

export async function buildSuite() {
  const outfile = join(artifacts, 'suite', 'index.js');
  await build({
    entryPoints: [join(repo, 'test/vscode/suite/index.ts')], outfile, bundle: true, platform: 'node', format: 'cjs',
    target: 'node20', external: ['vscode'], sourcemap: 'inline', logLevel: 'warning',
  });
  return outfile;
}

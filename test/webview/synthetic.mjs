// The synthetic training-loop graphs of webview/synthetic.ts, bundled on the fly for the tests.
import { build } from 'esbuild';
import { join } from 'node:path';
import { repo } from './harness.mjs';

let mod;
export async function syntheticModel(n) {
  if (!mod) {
    const out = await build({ entryPoints: [join(repo, 'webview/synthetic.ts')], bundle: true, format: 'esm', write: false, platform: 'neutral', logLevel: 'silent' });
    mod = await import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);
  }
  return mod.syntheticGraph(n);
}

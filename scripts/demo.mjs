// `npm run demo`: a real VS Code in the browser (code-server on 127.0.0.1) with Gradscope
// installed from a fresh .vsix and a copy of examples/ open. Prints the URL; Ctrl+C ends it.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
if (!existsSync(join(repo, 'test/vscode/node_modules/code-server'))) {
  console.error('code-server is not installed yet: run `npm run test:e2e` once (it installs test/vscode/), or see scripts/e2e.sh.');
  process.exit(1);
}
execFileSync('npm', ['run', 'package', '--silent'], { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'] });
const { startCodeServer, exampleFiles } = await import(join(repo, 'test/vscode/harness.mjs'));
const server = await startCodeServer({ files: exampleFiles(), settings: { 'workbench.colorTheme': 'Default Dark Modern' } });
const url = server.folderUrl();
console.log(`Gradscope demo: ${url}`);
console.log('Open a file from examples/, then Ctrl+Shift+P → "Gradscope: Run Script" (or the CodeLens above the file). Ctrl+C to stop.');
const end = async () => {
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', end);
process.on('SIGTERM', end);
setInterval(() => {}, 1 << 30);

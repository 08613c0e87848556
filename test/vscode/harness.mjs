// Real VS Code for end-to-end tests: code-server 4.100.3 on 127.0.0.1 (its own temp HOME dirs,
// config and TMPDIR, so nothing lands in $HOME or piles up in /tmp), the extension installed
// from the .vsix (or symlinked), and Playwright driving Debian's Chromium.
// See /work/shared/VSCODE-E2E.md for why each flag and workaround is here.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync, cpSync, readFileSync, existsSync, rmSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const here = dirname(fileURLToPath(import.meta.url));
export const repo = resolve(here, '../..');
const entry = join(here, 'node_modules/code-server/out/node/entry.js');
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const artifacts = join(repo, '.e2e');

async function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
    srv.on('error', rej);
  });
}

function userSettings(extra = {}) {
  return {
    'workbench.startupEditor': 'none',
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'extensions.ignoreRecommendations': true,
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'chat.disableAIFeatures': true,
    'editor.minimap.enabled': false,
    'editor.hover.delay': 200,
    'files.autoSave': 'off',
    'git.enabled': false,
    'python.languageServer': 'None',
    'window.restoreWindows': 'none',
    'workbench.editor.enablePreview': false,
    ...extra,
  };
}

/**
 * Starts code-server with the extension and a workspace folder holding `files`
 * ({relative path: text}). Returns {url, port, ws, stop(), ...}.
 */
export async function startCodeServer({ files = {}, settings = {}, env = {}, install = process.env.GRADSCOPE_E2E_INSTALL ?? 'vsix' } = {}) {
  const root = mkdtempSync(join(tmpdir(), 'gradscope-e2e-'));
  const dirs = Object.fromEntries(['user-data', 'extensions', 'ws', 'xdg-config', 'xdg-data', 'tmp'].map((d) => [d, join(root, d)]));
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dirs.ws, rel)), { recursive: true });
    writeFileSync(join(dirs.ws, rel), text);
  }
  mkdirSync(join(dirs['user-data'], 'User'), { recursive: true });
  writeFileSync(join(dirs['user-data'], 'User', 'settings.json'), JSON.stringify(userSettings(settings), null, 2));
  const config = join(root, 'config.yaml');
  writeFileSync(config, 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n');
  const childEnv = {
    ...process.env,
    XDG_CONFIG_HOME: dirs['xdg-config'],
    XDG_DATA_HOME: dirs['xdg-data'],
    TMPDIR: dirs.tmp,
    ...env,
  };
  const common = ['--config', config, '--user-data-dir', dirs['user-data'], '--extensions-dir', dirs.extensions];

  const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
  const extId = `${pkg.publisher}.${pkg.name}`;
  const installStarted = performance.now();
  if (install === 'vsix') {
    const vsix = join(repo, 'gradscope.vsix');
    if (!existsSync(vsix)) throw new Error(`${vsix} is missing: run \`npm run package\` first (scripts/e2e.sh does)`);
    execFileSync(process.execPath, [entry, ...common, '--install-extension', vsix], { env: childEnv, stdio: 'pipe' });
  } else {
    symlinkSync(repo, join(dirs.extensions, `${extId}-${pkg.version}`));
  }
  const installMs = performance.now() - installStarted;

  const port = await freePort();
  const log = [];
  const proc = spawn(process.execPath, [entry, ...common, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    '--disable-file-downloads', '--ignore-last-opened', dirs.ws], { env: childEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout.on('data', (d) => log.push(String(d)));
  proc.stderr.on('data', (d) => log.push(String(d)));
  const base = `http://127.0.0.1:${port}`;
  const started = performance.now();
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`code-server exited (${proc.exitCode}):\n${log.join('')}`);
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.ok) break;
    } catch { /* not listening yet */ }
    if (performance.now() - started > 60000) throw new Error(`code-server did not become healthy:\n${log.join('')}`);
    await new Promise((r) => setTimeout(r, 200));
  }

  const stop = async () => {
    try { process.kill(-proc.pid, 'SIGTERM'); } catch { /* gone */ }
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && groupAlive(proc.pid)) await new Promise((r) => setTimeout(r, 100));
    try { process.kill(-proc.pid, 'SIGKILL'); } catch { /* gone */ }
    if (!process.env.GRADSCOPE_E2E_KEEP) rmSync(root, { recursive: true, force: true });
  };
  return { base, port, root, ws: dirs.ws, dirs, log, stop, extId, installMs, proc,
    folderUrl: (payload) => `${base}/?folder=${encodeURIComponent(dirs.ws)}${payload ? `&payload=${encodeURIComponent(JSON.stringify(payload))}` : ''}`,
    remoteUri: (abs) => `vscode-remote://127.0.0.1:${port}${abs}` };
}

/** Any process left in the group? (zombies do not count) */
export function groupAlive(pgid) {
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') return true;
    } catch { /* raced */ }
  }
  return false;
}

export async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'gradscope-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  return { context, close: async () => { await context.close(); rmSync(profile, { recursive: true, force: true }); } };
}

/** A copy of examples/ plus extra scripts, as {relative path: text}. */
export function exampleFiles(extra = {}) {
  const files = {};
  const dir = join(repo, 'examples');
  for (const f of readdirSync(dir)) if (f.endsWith('.py')) files[f] = readFileSync(join(dir, f), 'utf8');
  return { ...files, ...extra };
}

export function ensureArtifacts() {
  mkdirSync(join(artifacts, 'screenshots'), { recursive: true });
  return artifacts;
}

export { cpSync };

/** How long a UI step may take before the test fails. */
export const UI_TIMEOUT = 15000;

/** Opens a workspace file with Quick Open and waits until its editor shows. */
export async function quickOpen(page, file) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ timeout: UI_TIMEOUT });
  await input.pressSequentially(file);
  await page.locator('.quick-input-widget .quick-input-list .monaco-list-row.focused', { hasText: file }).waitFor({ timeout: UI_TIMEOUT });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
  await page.locator('.part.editor .tab.active', { hasText: file }).waitFor({ timeout: UI_TIMEOUT });
  await page.locator('.part.editor .monaco-editor .view-lines').first().waitFor({ timeout: UI_TIMEOUT });
}

/** Puts the keyboard focus in the active editor. */
export async function focusEditor(page) {
  await page.locator('.part.editor .monaco-editor .view-lines').first().click({ position: { x: 400, y: 5 } });
}

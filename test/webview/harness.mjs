// Serves dist/ and the static harness page on 127.0.0.1 and drives Debian's Chromium with
// playwright-core (from test/webview/node_modules, or the e2e harness's install in test/vscode).
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { readFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, extname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const here = dirname(fileURLToPath(import.meta.url));
export const repo = resolve(here, '../..');
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const screenshots = join(repo, '.e2e', 'webview');

export function playwright() {
  for (const base of [here, join(repo, 'test/vscode'), repo]) {
    try {
      return createRequire(join(base, 'noop.js'))('playwright-core');
    } catch { /* try the next install */ }
  }
  throw new Error('playwright-core is not installed: run `npm ci` in test/webview (or test/vscode)');
}

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json' };

export async function startServer() {
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const file = url.pathname === '/' ? join(here, 'harness.html') : url.pathname.startsWith('/dist/') ? join(repo, url.pathname) : null;
    if (!file || !existsSync(file) || file.includes('..')) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'max-age=600' });
    res.end(readFileSync(file));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(r)) };
}

export async function launch() {
  const { chromium } = playwright();
  const profile = mkdtempSync(join(tmpdir(), 'gradscope-webview-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1200, height: 760 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  return { context, close: async () => { await context.close(); rmSync(profile, { recursive: true, force: true }); } };
}

/** Open the harness, collecting console errors and CSP violations. */
export async function openPanel(context, url, theme = 'light') {
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.goto(`${url}?theme=${theme}`);
  await page.waitForFunction(() => Array.isArray(window.__posted) && window.__posted.some((m) => m.kind === 'ready'));
  return { page, problems };
}

let runIds = 1;
/** Post a GraphUpdate as the host would and wait until it is drawn. Returns the host→panel time. */
export async function showGraph(page, graph, fileName = 't.py', extra = {}) {
  const runId = runIds++;
  await page.evaluate(([m]) => window.postMessage(m, '*'), [{ v: 1, kind: 'graph', runId, fileName, graph, ...extra }]);
  await page.waitForFunction((id) => document.getElementById('root').dataset.state === 'ready' && document.getElementById('root').dataset.runId === String(id), runId, { timeout: 30000 });
  return page.evaluate(() => window.gradscope.timings);
}

export function shotPath(name) {
  mkdirSync(screenshots, { recursive: true });
  return join(screenshots, `${name}.png`);
}

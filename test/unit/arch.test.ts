// The import rules of DESIGN.md, enforced: the engine stays free of VS Code, the DOM and Node
// (outside its cli/ and worker/ entry points), and each layer imports only the layers below it.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

const root = resolve(__dirname, '../..');

function files(dir: string): string[] {
  const abs = join(root, dir);
  let out: string[] = [];
  let entries: string[] = [];
  try {
    entries = readdirSync(abs);
  } catch {
    return out;
  }
  for (const e of entries) {
    if (e === 'node_modules') continue;
    const p = join(abs, e);
    if (statSync(p).isDirectory()) out = out.concat(files(relative(root, p)));
    else if (/\.tsx?$/.test(e)) out.push(relative(root, p));
  }
  return out;
}

/** Module specifiers imported by a file (static imports, re-exports, dynamic imports, require). */
function importsOf(file: string): { spec: string; typeOnly: boolean }[] {
  const src = readFileSync(join(root, file), 'utf8');
  const out: { spec: string; typeOnly: boolean }[] = [];
  const re = /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)|\brequire\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (let m = re.exec(src); m; m = re.exec(src)) {
    const spec = m[3] ?? m[4] ?? m[5];
    out.push({ spec, typeOnly: Boolean(m[2]) });
  }
  return out;
}

function isDir(path: string): boolean {
  try {
    return statSync(join(root, path)).isDirectory();
  } catch {
    return false;
  }
}

/** The layer (e.g. 'engine/tensor', 'extension') a repo path belongs to. */
function layerOf(path: string): string {
  const parts = path.split('/');
  return parts[0] === 'engine' ? `engine/${parts[1]}` : parts[0];
}

const allowed: Record<string, string[]> = {
  'engine/tensor': ['engine/tensor'],
  'engine/autograd': ['engine/tensor', 'engine/autograd'],
  'engine/ops': ['engine/tensor', 'engine/autograd', 'engine/ops'],
  'engine/script': ['engine/script'],
  'engine/torch': ['engine/tensor', 'engine/autograd', 'engine/ops', 'engine/script', 'engine/torch', 'engine/index.ts'],
  'engine/trace': ['engine/tensor', 'engine/autograd', 'engine/ops', 'engine/script', 'engine/torch', 'engine/trace', 'engine/protocol', 'engine/index.ts'],
  'engine/protocol': ['engine/protocol'],
};
/** Pure helpers a layer may use although it does not own them. */
const allowedFiles: Record<string, string[]> = {
  'engine/script': ['engine/tensor/pyfloat.ts', 'engine/tensor/libm.ts'],
};

const nodeBuiltins = /^(node:|fs$|path$|os$|child_process$|worker_threads$|net$|http$|https$|crypto$|vm$|process$)/;

describe('import rules (DESIGN.md)', () => {
  const engineFiles = files('engine');

  it('the engine never imports vscode or touches the DOM', () => {
    const bad: string[] = [];
    for (const f of engineFiles) {
      for (const { spec } of importsOf(f)) if (spec === 'vscode') bad.push(`${f} imports vscode`);
      const src = readFileSync(join(root, f), 'utf8');
      if (/\b(document|window)\.\w/.test(src)) bad.push(`${f} touches the DOM`);
    }
    expect(bad).toEqual([]);
  });

  it('the engine uses no Node API outside its cli/ and worker/ entry points', () => {
    const bad: string[] = [];
    for (const f of engineFiles) {
      if (f.startsWith('engine/cli/') || f.startsWith('engine/worker/')) continue;
      for (const { spec } of importsOf(f)) if (nodeBuiltins.test(spec)) bad.push(`${f} imports ${spec}`);
      const src = readFileSync(join(root, f), 'utf8').replace(/\/\/.*$/gm, '');
      if (/\bprocess\.(env|exit|argv|stdout|stderr|cwd)/.test(src)) bad.push(`${f} uses process`);
    }
    expect(bad).toEqual([]);
  });

  it('each engine layer imports only the layers below it', () => {
    const bad: string[] = [];
    for (const f of engineFiles) {
      const layer = layerOf(f);
      const ok = allowed[layer];
      if (!ok) continue;
      for (const { spec } of importsOf(f)) {
        if (!spec.startsWith('.')) continue;
        const target = relative(root, resolve(dirname(join(root, f)), spec));
        // `engine/index` is a file of its own; `../autograd` means that folder's index.ts.
        const isTopFile = target.startsWith('engine/') && !target.includes('/', 'engine/'.length) && !isDir(target);
        const targetLayer = isTopFile ? `${target}.ts` : layerOf(target);
        const targetFile = `${target}.ts`;
        if (!ok.includes(targetLayer) && !(allowedFiles[layer] ?? []).includes(targetFile)) bad.push(`${f} imports ${target}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('the extension host never imports the engine runtime, and the webview only protocol types', () => {
    const bad: string[] = [];
    for (const [dir, okLayers] of [['extension', ['extension', 'engine/protocol']], ['webview', ['webview', 'engine/protocol']]] as const) {
      for (const f of files(dir)) {
        for (const { spec, typeOnly } of importsOf(f)) {
          if (!spec.startsWith('.')) continue;
          const target = relative(root, resolve(dirname(join(root, f)), spec));
          if (!(okLayers as readonly string[]).includes(layerOf(target)) && !typeOnly) bad.push(`${f} imports ${target}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it('the rules see real imports (the checker itself works)', () => {
    const imps = importsOf('engine/autograd/engine.ts').map((i) => i.spec);
    expect(imps).toContain('../tensor/tensor');
  });
});

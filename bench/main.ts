// `npm run bench`: Gradscope's engine beside TensorFlow.js (CPU and WASM backends) on the same
// workloads in one process, each figure a median over several repetitions, with the ratios
// and the bars of issue #2 (ahead of both TensorFlow.js backends everywhere; within 2× of the
// reference PyTorch on the MLP step and the 10,000-op chain). Then, if dist/cli.js exists, the
// tensor scripts of ../shared/bench (W1–W5) through `gradscope run`.
//
//   node dist/bench.js [--quick] [--only=elementwise,matmul,chain,mlp] [--no-tfjs]
//                      [--no-scripts | --scripts-only] [--torch]
//   --torch: also run each script with the reference PyTorch at ../shared/oracle/torch-python
//   (if present) right after gradscope, and compare the engine's MLP step and chain with the
//   PyTorch figures measured then, under the same load.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { chainPhases, engineLibrary } from './engine';
import { loadTfjs } from './tfjs';
import { Library, median, Timing } from './workloads';
import { benchWebview, formatWebviewBench } from './webview';

/**
 * Reference PyTorch (eager, CPU) on the project's 2-core machines, from
 * /work/shared/bench/README.md ("Reference figures on these 2-core machines"): medians, noisy.
 */
const PYTORCH_REFERENCE = {
  source: '/work/shared/bench/README.md (PyTorch eager CPU, 2-core machine, medians)',
  w1UsPerOp: [7, 11],
  mlpStepMs: 0.45,
  elementwiseMs: [5, 9],
  matmul512Ms: 10,
  chainBuildMs: [80, 110],
  chainBackwardMs: [85, 90],
} as const;

/** The bar on the PyTorch ratio for the MLP step and the chain (issue #2). */
const PYTORCH_RATIO_BAR = 2;

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyArg = args.find((a) => a.startsWith('--only='));
const only = onlyArg ? new Set(onlyArg.slice(7).split(',')) : null;
const wants = (w: string): boolean => only === null || only.has(w);

interface Row {
  workload: string;
  unit: string;
  /** library name → timing (ms per repetition, or per step for the MLP) */
  figures: Map<string, Timing>;
  /** the engine's bar against PyTorch, if this workload has one: [reference ms, bar ms] */
  pytorch?: { refMs: number; refText: string };
}

const fmt = (ms: number): string => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms >= 1 ? ms.toFixed(2) : ms.toFixed(3));

function loadNote(): string {
  const [l1] = loadavg();
  return `load average ${l1.toFixed(2)} on 2 cores`;
}

/**
 * Times one workload on every library, interleaved: each round runs one repetition per
 * library in turn, so a change in the machine's load (2 cores shared with other developers)
 * falls on all of them alike. Medians over the rounds.
 */
async function measure(libs: Library[], name: string, unit: string, reps: number, warmup: number,
  make: (lib: Library) => () => void, perRep = 1): Promise<Row> {
  const row: Row = { workload: name, unit, figures: new Map() };
  const fns: (() => void)[] = [];
  for (const lib of libs) {
    await lib.activate?.();
    fns.push(make(lib));
  }
  const times: number[][] = libs.map(() => []);
  for (let round = 0; round < warmup + reps; round++) {
    for (let i = 0; i < libs.length; i++) {
      await libs[i].activate?.();
      const t0 = performance.now();
      fns[i]();
      const dt = performance.now() - t0;
      if (round >= warmup) times[i].push(dt / perRep);
    }
  }
  libs.forEach((lib, i) => {
    const ts = times[i];
    row.figures.set(lib.name, { median: median(ts), min: Math.min(...ts), max: Math.max(...ts), times: ts });
  });
  printRow(row);
  return row;
}

function printRow(row: Row): void {
  const engine = row.figures.get('gradscope')!;
  const parts = [`${row.workload.padEnd(22)} gradscope ${fmt(engine.median).padStart(8)} ${row.unit} (min ${fmt(engine.min)}, max ${fmt(engine.max)})`];
  for (const [lib, t] of row.figures) {
    if (lib === 'gradscope') continue;
    const ratio = t.median / engine.median;
    parts.push(`  ${lib} ${fmt(t.median)} ${row.unit} → gradscope ${ratio.toFixed(2)}× faster${ratio > 1 ? '' : '  ✗ BEHIND'}`);
  }
  console.log(parts.join('\n'));
}

async function main(): Promise<void> {
  console.log(`gradscope bench — node ${process.version}, ${loadNote()}${quick ? ', --quick' : ''}`);
  console.log(`PyTorch reference: ${PYTORCH_REFERENCE.source}`);
  const libs: Library[] = [engineLibrary()];
  if (!args.includes('--no-tfjs')) {
    for (const backend of ['cpu', 'wasm'] as const) {
      const lib = await loadTfjs(backend);
      if (lib) libs.push(lib);
      else console.log(`(tfjs-${backend} did not load: skipped)`);
    }
  }
  const rows: Row[] = [];
  if (args.includes('--scripts-only')) {
    runScripts(rows);
    return;
  }
  const r = (n: number): number => (quick ? Math.max(3, Math.ceil(n / 3)) : n);

  if (wants('elementwise')) rows.push(await measure(libs, 'elementwise 1e6 f+b', 'ms', r(11), 2, (l) => l.elementwise(1_000_000)));
  if (wants('matmul')) {
    for (const n of [128, 256, 512]) {
      rows.push(await measure(libs, `matmul ${n} f+b`, 'ms', r(n === 512 ? 5 : 9), n === 512 ? 1 : 2, (l) => l.matmul(n)));
    }
  }
  if (wants('chain')) {
    const row = await measure(libs, 'chain 10k build+bw', 'ms', r(7), 1, (l) => l.chain(10_000));
    const lo = PYTORCH_REFERENCE.chainBuildMs[0] + PYTORCH_REFERENCE.chainBackwardMs[0];
    const hi = PYTORCH_REFERENCE.chainBuildMs[1] + PYTORCH_REFERENCE.chainBackwardMs[1];
    row.pytorch = { refMs: (lo + hi) / 2, refText: `${lo}–${hi} ms (build ${PYTORCH_REFERENCE.chainBuildMs.join('–')} + backward ${PYTORCH_REFERENCE.chainBackwardMs.join('–')})` };
    // The engine's phases apart, as W5 reports them.
    const phases = chainPhases(10_000);
    phases();
    const builds: number[] = [];
    const backs: number[] = [];
    for (let i = 0; i < r(7); i++) {
      const p = phases();
      builds.push(p.buildMs);
      backs.push(p.backwardMs);
    }
    console.log(`  gradscope phases: build ${fmt(median(builds))} ms (${fmt(median(builds) / 20_001 * 1000)} µs/op), backward ${fmt(median(backs))} ms`);
    rows.push(row);
  }
  if (wants('mlp')) {
    const steps = 100;
    const row = await measure(libs, 'MLP SGD step', 'ms', r(11), 3, (l) => {
      const step = l.mlpStep();
      return () => {
        for (let i = 0; i < steps; i++) step();
      };
    }, steps);
    row.pytorch = { refMs: PYTORCH_REFERENCE.mlpStepMs, refText: `${PYTORCH_REFERENCE.mlpStepMs} ms/step` };
    rows.push(row);
  }

  console.log('\nBars (issue #2)');
  let failed = 0;
  for (const row of rows) {
    const engine = row.figures.get('gradscope')!.median;
    for (const [lib, t] of row.figures) {
      if (lib === 'gradscope') continue;
      const ok = engine < t.median;
      if (!ok) failed++;
      console.log(`  ${ok ? 'PASS' : 'FAIL'} ${row.workload}: gradscope ${fmt(engine)} ${row.unit} vs ${lib} ${fmt(t.median)} (${(t.median / engine).toFixed(2)}×)`);
    }
    if (row.pytorch) {
      const ratio = engine / row.pytorch.refMs;
      const ok = ratio <= PYTORCH_RATIO_BAR;
      if (!ok) failed++;
      console.log(`  ${ok ? 'PASS' : 'FAIL'} ${row.workload}: gradscope ${fmt(engine)} ${row.unit} vs PyTorch reference ${row.pytorch.refText} → ${ratio.toFixed(2)}× PyTorch (bar ≤ ${PYTORCH_RATIO_BAR}×)`);
    }
  }
  console.log(`  ${failed === 0 ? 'all bars met' : `${failed} bar(s) missed`} (${loadNote()})`);

  if (!args.includes('--no-scripts')) runScripts(rows);
  if (!args.includes('--no-webview')) {
    // The graph panel's layout + render budget (issue #6), in Node and in headless Chromium.
    console.log('');
    const panelRows = await benchWebview(resolve(__dirname, '..'));
    console.log(formatWebviewBench(panelRows));
  }
}

/** `gradscope run` on the shared W1–W5 scripts (and, with --torch, the reference PyTorch). */
function runScripts(rows: Row[]): void {
  const root = resolve(__dirname, '..');
  const cli = join(root, 'dist', 'cli.js');
  const dir = resolve(root, '..', 'shared', 'bench');
  if (!existsSync(cli) || !existsSync(dir)) {
    console.log('\n(scripts skipped: dist/cli.js or ../shared/bench missing)');
    return;
  }
  const oracle = resolve(root, '..', 'shared', 'oracle', 'torch-python');
  const withTorch = args.includes('--torch') && existsSync(oracle);
  console.log(`\nTensor scripts (${dir}) through gradscope run${withTorch ? ', each followed by the reference PyTorch on the same machine now' : ''} (${loadNote()})`);
  const scripts = ['w1_scalar.py', 'w2_mlp.py', 'w3_elementwise.py', 'w4_matmul.py', 'w5_deep.py'];
  const torchNow = new Map<string, number>();
  for (const s of scripts) {
    const path = join(dir, s);
    if (!existsSync(path)) continue;
    const ours = runLines('node', [cli, 'run', path]);
    const theirs = withTorch ? runLines(oracle, [path]) : null;
    for (const line of ours.lines) {
      if (!/^(RESULT|CHECK) /.test(line)) continue;
      const [kind, key, value, unit] = line.split(' ');
      const ref = theirs?.lines.find((l) => l.startsWith(`${kind} ${key} `));
      let note = '';
      if (ref) {
        const refValue = Number(ref.split(' ')[2]);
        if (kind === 'RESULT') {
          torchNow.set(key, refValue);
          // times: gradscope / PyTorch (lower is better); rates (GB/s, GFLOP/s): PyTorch / gradscope
          const isRate = unit !== undefined && unit.endsWith('/s');
          const ratio = isRate ? refValue / Number(value) : Number(value) / refValue;
          note = `  | PyTorch ${refValue} ${unit ?? ''} → gradscope at ${ratio.toFixed(2)}× PyTorch's time`;
          if (key === 'w1') note += Number(value) <= refValue ? '  PASS (W1 no slower than PyTorch)' : '  FAIL (W1 slower than PyTorch)';
        } else {
          note = `  | PyTorch ${ref.split(' ')[2]}`;
        }
      }
      console.log(`  ${line.padEnd(44)}${note}`);
    }
    if (ours.error) console.log(`  ${s}: gradscope run failed: ${ours.error}`);
    if (theirs?.error) console.log(`  ${s}: PyTorch failed: ${theirs.error}`);
  }
  // The library figures against PyTorch measured now, under the same load as they were.
  const mlp = rows.find((r) => r.workload.startsWith('MLP'));
  const chain = rows.find((r) => r.workload.startsWith('chain'));
  const w2 = torchNow.get('w2');
  const w5 = (torchNow.get('w5_build') ?? NaN) + (torchNow.get('w5_backward') ?? NaN);
  if (mlp && w2 !== undefined) {
    const e = mlp.figures.get('gradscope')!.median;
    console.log(`  engine MLP step ${fmt(e)} ms vs PyTorch W2 now ${w2} ms → ${(e / w2).toFixed(2)}× PyTorch (bar ≤ ${PYTORCH_RATIO_BAR}×)`);
  }
  if (chain && Number.isFinite(w5)) {
    const e = chain.figures.get('gradscope')!.median;
    console.log(`  engine chain ${fmt(e)} ms vs PyTorch W5 build+backward now ${fmt(w5)} ms → ${(e / w5).toFixed(2)}× PyTorch (bar ≤ ${PYTORCH_RATIO_BAR}×)`);
  }
}

function runLines(cmd: string, argv: string[]): { lines: string[]; error: string | null } {
  try {
    const out = execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], cwd: '/tmp', timeout: 600_000 });
    return { lines: out.split('\n'), error: null };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    const lastErr = (err.stderr ?? '').trim().split('\n').slice(-1)[0] || err.message;
    return { lines: (err.stdout ?? '').split('\n'), error: lastErr };
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

// `gradscope`: run a tensor script as `python3 FILE.py` would with PyTorch, or export its graph.
import { readFileSync, writeFileSync } from 'node:fs';
import { totalmem } from 'node:os';
import { setStorageLimitBytes } from '../tensor/dtype';
import { runScript } from '../torch/run';
import { exportGraph, GRAPH_FORMATS } from './export';
import type { GraphFormat } from './export';

const VERSION = '0.1.0';

const HELP = `usage: gradscope <command> [options] FILE.py

Runs PyTorch autograd scripts on Gradscope's own engine (no Python or PyTorch needed).

commands:
  run FILE.py                      run the script; prints what PyTorch would print
  graph FILE.py [--format F] [-o OUT]
                                   export the autograd graph (F: json, dot, svg, html)

options:
  --time-limit SECONDS             stop a script that runs longer (default 60)
  -h, --help                       show this help and exit
  -V, --version                    show the version and exit
`;

function fail(message: string, code = 2): never {
  process.stderr.write(`gradscope: ${message}\n`);
  process.exit(code);
}

interface ParsedArgs {
  command: string;
  file: string;
  format: string;
  out: string | null;
  timeLimit: number;
}

function parseArgs(argv: string[]): ParsedArgs {
  const args: ParsedArgs = { command: '', file: '', format: 'json', out: null, timeLimit: 60 };
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) fail(`option ${a} needs a value`);
      return v;
    };
    if (a === '-h' || a === '--help') {
      process.stdout.write(HELP);
      process.exit(0);
    } else if (a === '-V' || a === '--version') {
      process.stdout.write(`gradscope ${VERSION}\n`);
      process.exit(0);
    } else if (a === '--format') args.format = value();
    else if (a.startsWith('--format=')) args.format = a.slice('--format='.length);
    else if (a === '-o' || a === '--output') args.out = value();
    else if (a === '--time-limit') args.timeLimit = Number(value());
    else if (a.startsWith('-') && a !== '-') fail(`unknown option ${a} (see gradscope --help)`);
    else positional.push(a);
  }
  if (positional.length === 0) {
    process.stdout.write(HELP);
    process.exit(2);
  }
  args.command = positional[0];
  if (!['run', 'graph'].includes(args.command)) fail(`unknown command '${args.command}' (see gradscope --help)`);
  if (positional.length !== 2) fail(`${args.command} takes exactly one FILE.py`);
  args.file = positional[1];
  if (!(args.timeLimit > 0)) fail('--time-limit must be a positive number of seconds');
  return args;
}

function readSource(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code;
    // What python3 says for a missing script, so muscle memory carries over.
    fail(`can't open file '${file}': ${code === 'ENOENT' ? '[Errno 2] No such file or directory' : String(code)}`);
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const source = readSource(args.file);
  // A tensor bigger than the machine's memory gets PyTorch's allocator error, not a swap storm.
  setStorageLimitBytes(totalmem());
  if (args.command === 'run') {
    const chunks: string[] = [];
    let size = 0;
    const flush = () => {
      if (chunks.length) process.stdout.write(chunks.join(''));
      chunks.length = 0;
      size = 0;
    };
    const result = runScript(source, {
      filename: args.file,
      stdout: (text) => {
        chunks.push(text);
        size += text.length;
        if (size > 1 << 16) flush();
      },
      stderr: (text) => {
        flush();
        process.stderr.write(text);
      },
      timeLimitSeconds: args.timeLimit,
    });
    flush();
    process.exitCode = result.ok ? 0 : 1;
    return;
  }
  if (!(GRAPH_FORMATS as readonly string[]).includes(args.format)) {
    fail(`unknown format '${args.format}' (choose one of ${GRAPH_FORMATS.join(', ')})`);
  }
  const { text, snapshot } = await exportGraph(source, {
    fileName: args.file,
    format: args.format as GraphFormat,
    timeLimitSeconds: args.timeLimit,
    stderr: (t) => process.stderr.write(t),
  });
  if (args.out === null || args.out === '-') process.stdout.write(text);
  else writeFileSync(args.out, text);
  // As `run`: a script that raised still gives its graph (up to the error), but exits 1.
  process.exitCode = snapshot.status === 'ok' ? 0 : 1;
}

main().catch((e) => {
  // An internal failure: say so briefly, never dump a stack trace at the user.
  process.stderr.write(`gradscope: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(70);
});

// Tensor storage allocation: a tensor the process cannot (or may not) hold ends in PyTorch's
// allocator error at the script's line, never in a JavaScript RangeError or a swap storm.
import { afterEach, describe, expect, it } from 'vitest';
import { runScript } from '../../engine/torch/run';
import { setStorageLimitBytes } from '../../engine/tensor/dtype';

afterEach(() => setStorageLimitBytes(Infinity));

function run(src: string): { out: string; traceback: string } {
  let out = '';
  const r = runScript(src, { filename: 't.py', stdout: (t) => (out += t), stderr: () => {} });
  return { out, traceback: r.ok ? '' : (r.traceback ?? '') };
}

const allocatorError = (bytes: number): string =>
  `RuntimeError: [enforce fail at alloc_cpu.cpp:127] err == 0. DefaultCPUAllocator: can't allocate memory: you tried to allocate ${bytes} bytes. Error code 12 (Cannot allocate memory)`;

describe('tensor storage allocation', () => {
  it('a tensor beyond what JavaScript can allocate raises PyTorch\'s allocator RuntimeError', () => {
    const { traceback } = run('import torch\nx = torch.ones(10**11)\n');
    expect(traceback).toContain('line 2');
    expect(traceback.trim().split('\n').pop()).toBe(allocatorError(4e11));
  });

  it('a tensor over the storage limit (the worker sets it from the memory limit) raises the same error, by dtype size', () => {
    setStorageLimitBytes(1_000_000);
    const { out, traceback } = run('import torch\nsmall = torch.zeros(250000)\nprint(small.numel())\nbig = torch.zeros(250001, dtype=torch.float64) * 2\n');
    expect(out).toBe('250000\n');
    expect(traceback.trim().split('\n').pop()).toBe(allocatorError(2000008));
  });

  it('ops whose outputs skip the zeroing pass obey the limit too', () => {
    setStorageLimitBytes(1_000_000);
    // a broadcast product: 600·600 floats from two small operands
    const { traceback } = run('import torch\na = torch.ones(600, 1)\nb = torch.ones(1, 600)\nc = a * b\n');
    expect(traceback).toContain('line 4');
    expect(traceback.trim().split('\n').pop()).toBe(allocatorError(1440000));
    setStorageLimitBytes(4_000_000);
    const r = run('import torch\nx = torch.ones(200000)\ny = x * 2 + x.exp()\nprint(y.sum().item())\n');
    expect(r.traceback).toBe('');
  });
});

// What a user sees of float32 math: a script of transcendental ops, activations, their
// gradients, softmax and a cross-entropy step (test/golden/vecmath/autograd.py, output made by
// the reference PyTorch) run through the interpreter and compared character for character.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScript } from '../../engine/torch/run';

describe('printed float32 math matches PyTorch', () => {
  it('autograd.py prints exactly autograd.out', () => {
    const file = join(__dirname, '../golden/vecmath/autograd.py');
    let stdout = '';
    const r = runScript(readFileSync(file, 'utf8'), { filename: file, stdout: (t) => (stdout += t), stderr: () => {}, timeLimitSeconds: 30 });
    expect(r.ok).toBe(true);
    const want = readFileSync(join(__dirname, '../golden/vecmath/autograd.out'), 'utf8');
    const got = stdout.split('\n'), exp = want.split('\n');
    for (let i = 0; i < exp.length; i++) expect(got[i], `line ${i + 1}`).toBe(exp[i]);
  });
});

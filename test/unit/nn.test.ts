// torch.nn / optim / numpy behaviour that goldens cannot show: warnings (stderr in Python),
// memory sharing, and module registration rules seen from TypeScript.
import { describe, expect, it } from 'vitest';
import { runScript } from '../../engine/torch/run';

function run(src: string): { out: string; warnings: { category: string; message: string; line: number }[]; traceback: string | null } {
  let out = '';
  const r = runScript(src, { filename: 't.py', stdout: (t) => (out += t), stderr: () => {} });
  return { out, warnings: r.warnings, traceback: r.traceback };
}

describe('nn warnings', () => {
  it('mse_loss warns about a broadcast target size, on the calling line', () => {
    const r = run('import torch\nimport torch.nn.functional as F\nx = torch.ones(3, 1)\nF.mse_loss(x, torch.ones(3))\n');
    expect(r.traceback).toBeNull();
    expect(r.warnings).toEqual([{
      category: 'UserWarning',
      line: 4,
      message:
        'Using a target size (torch.Size([3])) that is different to the input size (torch.Size([3, 1])). This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.',
    }]);
  });

  it('nn.MSELoss warns the same way; equal sizes do not warn', () => {
    const r = run('import torch\nimport torch.nn as nn\nl = nn.MSELoss()\nl(torch.ones(2), torch.ones(2))\nl(torch.ones(2, 1), torch.ones(2))\n');
    expect(r.warnings.map((w) => w.line)).toEqual([5]);
  });

  it('softmax without dim warns about the implicit dimension', () => {
    const r = run('import torch\nimport torch.nn.functional as F\nF.softmax(torch.ones(2, 2))\n');
    expect(r.warnings[0].message).toBe('Implicit dimension choice for softmax has been deprecated. Change the call to include dim=X as an argument.');
  });

  it('legacy size_average / reduce arguments map to a reduction with a deprecation warning', () => {
    const r = run('import torch\nimport torch.nn.functional as F\nprint(F.l1_loss(torch.ones(2), torch.zeros(2), reduce=False))\n');
    expect(r.out).toBe('tensor([1., 1.])\n');
    expect(r.warnings[0].message).toBe("size_average and reduce args will be deprecated, please use reduction='none' instead.");
  });
});

describe('nn.Module registration', () => {
  it('reassigning a submodule name to a parameter moves it between registries', () => {
    const r = run([
      'import torch, torch.nn as nn',
      'm = nn.Module()',
      'm.a = nn.Linear(1, 1)',
      'm.a = nn.Parameter(torch.ones(1))',
      'print([n for n, _ in m.named_parameters()], list(m.children()))',
      'del m.a',
      'print(list(m.parameters()))',
    ].join('\n'));
    expect(r.traceback).toBeNull();
    expect(r.out).toBe("['a'] []\n[]\n");
  });

  it('a parameter shared by two modules is listed once', () => {
    const r = run('import torch.nn as nn\na = nn.Linear(2, 2)\nb = nn.Linear(2, 2)\nb.weight = a.weight\nprint(len(list(nn.Sequential(a, b).parameters())))\n');
    expect(r.out).toBe('3\n');
  });
});

describe('numpy interop', () => {
  it('tensor.numpy() and torch.from_numpy share memory both ways', () => {
    const r = run([
      'import torch, numpy as np',
      't = torch.zeros(3)',
      'a = t.numpy()',
      'a[1] = 7.0',
      'b = np.ones(2)',
      'u = torch.from_numpy(b)',
      'u.mul_(3)',
      'print(t.tolist(), b.tolist(), u.dtype)',
    ].join('\n'));
    expect(r.traceback).toBeNull();
    expect(r.out).toBe('[0.0, 7.0, 0.0] [3.0, 3.0] torch.float64\n');
  });

  it('unsupported numpy functions name themselves', () => {
    const r = run('import numpy as np\nnp.concatenate([np.ones(1)])\n');
    expect(r.traceback).toContain("NotImplementedError: Gradscope's numpy does not implement numpy.concatenate");
  });
});

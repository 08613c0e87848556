// The error every engine layer throws for a PyTorch-level failure: it carries the Python
// exception type and PyTorch's exact message, so the interpreter can raise the same
// exception a real PyTorch script would.

export type PyErrorType = 'RuntimeError' | 'IndexError' | 'ValueError' | 'TypeError' | 'NotImplementedError';

export class TorchError extends Error {
  constructor(public pyType: PyErrorType, message: string) {
    super(message);
    this.name = 'TorchError';
  }
}

/** PyTorch's ScalarType names, as its messages spell them ("result type Float can't be cast…"). */
export function scalarTypeName(d: string): string {
  switch (d) {
    case 'float32': return 'Float';
    case 'float64': return 'Double';
    case 'int64': return 'Long';
    case 'int32': return 'Int';
    case 'uint8': return 'Byte';
    case 'bool': return 'Bool';
    case 'int8': return 'Char';
    case 'int16': return 'Short';
    case 'float16': return 'Half';
    case 'bfloat16': return 'BFloat16';
    default: return d;
  }
}

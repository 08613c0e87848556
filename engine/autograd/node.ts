// Graph nodes: PyTorch's grad_fn objects. A Node receives the gradients of its outputs and
// returns one gradient per next edge (its differentiable inputs).
import { GradFnRef, Tensor, TensorHook } from '../tensor/tensor';
import { DType } from '../tensor/dtype';
import { TorchError } from '../tensor/errors';

/** Where a gradient goes: input slot `inputNr` of `node`. */
export interface Edge {
  node: Node;
  inputNr: number;
}

/** A tensor saved for backward, with the version it had when saved. */
export class SavedTensor {
  constructor(
    public tensor: Tensor | null,
    readonly savedVersion: number,
    /** The node that saved it when it is one of that node's outputs, else null (PyTorch names the op in the version error). */
    readonly isOutputOf: Node | null,
  ) {}
}

/** Hook on a node (grad_fn.register_hook / register_prehook). */
export interface NodeHook {
  id: number;
  fn: (gradInputs: (Tensor | null)[], gradOutputs: (Tensor | null)[]) => (Tensor | null)[] | null | undefined;
  removed: boolean;
}

let nextSequenceNr = 0;
export const ACCUMULATE_PRIORITY = Number.MAX_SAFE_INTEGER;

export abstract class Node implements GradFnRef {
  /** Creation order: the backward engine runs ready nodes newest first, as PyTorch does. */
  readonly sequenceNr: number;
  /** One edge per differentiable input; null where that input needs no gradient. */
  nextEdges: (Edge | null)[];
  /** Shape and dtype of each output, to materialise zeros for outputs that got no gradient. */
  outputMeta: { shape: number[]; dtype: DType }[] = [];
  saved: SavedTensor[] = [];
  /** Set once a backward without retain_graph released the saved tensors. */
  savedFreed = false;
  /** Tensor hooks registered on this node's outputs (non-leaf register_hook), per output. */
  tensorPreHooks: (TensorHook[] | undefined)[] = [];
  /** Non-leaf outputs that called retain_grad(), per output. */
  retainGradTensors: (Tensor | undefined)[] = [];
  preHooks: NodeHook[] = [];
  postHooks: NodeHook[] = [];
  /** Free slot for the trace recorder (source range of the op, …). */
  traceInfo: unknown = undefined;
  /**
   * Scratch of the backward pass that last reached this node (engine.ts): fields on the node
   * instead of a Map, because a 20,000-node chain spends its backward in hash lookups.
   */
  passId = 0;
  /** Edges from nodes of the pass not yet run. */
  passDeps = 0;
  /** Gradients gathered for this node's outputs. */
  passBuffer: (Tensor | null)[] | null = null;

  constructor(nextEdges: (Edge | null)[], sequenceNr = nextSequenceNr++) {
    this.nextEdges = nextEdges;
    this.sequenceNr = sequenceNr;
  }

  abstract name(): string;

  /** Computes the gradients for each next edge from the gradients of the outputs. */
  /**
   * `owned[i]`: gradOutputs[i] belongs to the backward engine alone, so the node may overwrite
   * it (PyTorch's formulas would have held the only reference too); absent when none is.
   */
  abstract apply(gradOutputs: (Tensor | null)[], owned?: readonly boolean[]): (Tensor | null)[];

  get numOutputs(): number {
    return this.outputMeta.length;
  }

  /** Reads a saved tensor, raising PyTorch's errors for freed or modified ones. */
  unpack(i: number): Tensor {
    const s = this.saved[i];
    if (this.savedFreed || s.tensor === null) {
      throw new TorchError(
        'RuntimeError',
        'Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.',
      );
    }
    const t = s.tensor;
    if (t.version.value !== s.savedVersion) {
      const typeName = `torch.${tensorTypeName(t.dtype)}`;
      // A saved output names the node that saved it; a saved input names its grad_fn now (as PyTorch).
      const fn = s.isOutputOf ?? (t.gradFn as Node | null);
      const of = fn ? `, which is output ${t.outputNr} of ${fn.name().replace(/Backward\d*$/, '')},` : '';
      throw new TorchError(
        'RuntimeError',
        `one of the variables needed for gradient computation has been modified by an inplace operation: [${typeName} [${t.shape.join(', ')}]]${of} is at version ${t.version.value}; expected version ${s.savedVersion} instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False).`,
      );
    }
    return t;
  }

  releaseSaved(): void {
    if (this.saved.length === 0) return;
    this.savedFreed = true;
    for (const s of this.saved) s.tensor = null;
  }
}

export function tensorTypeName(d: DType): string {
  switch (d) {
    case 'float32': return 'FloatTensor';
    case 'float64': return 'DoubleTensor';
    case 'int64': return 'LongTensor';
    case 'int32': return 'IntTensor';
    case 'uint8': return 'ByteTensor';
    case 'bool': return 'BoolTensor';
    case 'int8': return 'CharTensor';
    case 'int16': return 'ShortTensor';
    case 'float16': return 'HalfTensor';
    case 'bfloat16': return 'BFloat16Tensor';
  }
}

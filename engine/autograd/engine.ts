// The backward engine: discovers the graph from the roots iteratively, then runs nodes in
// dependency order, newest first among the ready ones (as PyTorch's CPU engine does), so a
// chain of 100,000 ops needs no recursion.
import { Tensor, sameShape } from '../tensor/tensor';
import type { Storage } from '../tensor/dtype';
import { beginFreshStorages, currentFreshStorages, endFreshStorages, FRESH_MIN_NUMEL } from '../tensor/kernels/util';
import { TorchError } from '../tensor/errors';
import { Edge, Node } from './node';
import { AccumulateGrad, accumulateInto } from './accumulate';
import { gradientEdge } from './function';
import { gradMode } from './grad_mode';
import { opHelpers } from './helpers';
import { autogradEvents } from './events';

export interface BackwardOptions {
  retainGraph: boolean;
  createGraph: boolean;
  /** backward(inputs=…) / autograd.grad(inputs): where gradients are wanted. */
  inputs: Tensor[] | null;
  /** true: backward() accumulates into .grad; false: autograd.grad() returns the gradients. */
  accumulate: boolean;
  allowUnused?: boolean;
}

/** A max-heap of nodes by sequence number (AccumulateGrad nodes have the top priority). */
class ReadyQueue {
  private heap: Node[] = [];
  get size(): number {
    return this.heap.length;
  }
  push(n: Node): void {
    const h = this.heap;
    h.push(n);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p].sequenceNr >= h[i].sequenceNr) break;
      const tmp = h[p];
      h[p] = h[i];
      h[i] = tmp;
      i = p;
    }
  }
  pop(): Node {
    const h = this.heap;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < h.length && h[l].sequenceNr > h[m].sequenceNr) m = l;
        if (r < h.length && h[r].sequenceNr > h[m].sequenceNr) m = r;
        if (m === i) break;
        const tmp = h[m];
        h[m] = h[i];
        h[i] = tmp;
        i = m;
      }
    }
    return top;
  }
}

/**
 * Which gradient storages only the engine can reach. PyTorch steals a gradient whose sole
 * reference is the engine's (AccumulateGrad stores it as .grad without a copy; InputBuffer
 * accumulates into it in place); JavaScript has no reference counts, so the engine counts
 * the buffer slots holding each storage the kernels allocated during this pass. No hook,
 * trace listener, capture (autograd.grad / inputs=) or create_graph may see gradients then:
 * any of those switches the ownership off.
 */
class GradOwnership {
  enabled = true;
  private readonly holders = new Map<Storage, number>();
  constructor(private readonly fresh: WeakSet<Storage>) {}

  private tracked(t: Tensor): boolean {
    return t.storage.length >= FRESH_MIN_NUMEL && this.fresh.has(t.storage);
  }
  /** A buffer slot now holds t. */
  delivered(t: Tensor): void {
    if (this.enabled && this.tracked(t)) this.holders.set(t.storage, (this.holders.get(t.storage) ?? 0) + 1);
  }
  /** A buffer slot let go of t. */
  released(t: Tensor): void {
    if (!this.enabled || !this.tracked(t)) return;
    const n = (this.holders.get(t.storage) ?? 0) - 1;
    if (n > 0) this.holders.set(t.storage, n);
    else this.holders.delete(t.storage);
  }
  /** Whether t is a dense tensor over its whole fresh storage, held by exactly `slots` buffer slots. */
  owns(t: Tensor, slots: number): boolean {
    return this.enabled && t.base === null && t.offset === 0 && t.storage.length === t.numel && t.gradFn === null &&
      this.tracked(t) && (this.holders.get(t.storage) ?? 0) === slots && t.isContiguous();
  }
}

/** Which of a node's incoming gradients nothing else holds (no buffer slot, no other slot of this node). */
function ownedGrads(own: GradOwnership, grads: (Tensor | null)[]): boolean[] {
  return grads.map((g, i) => g !== null && own.owns(g, 0) && grads.every((o, j) => j === i || o === null || o.storage !== g.storage));
}

function hasHooks(node: Node): boolean {
  return node.preHooks.length > 0 || node.postHooks.length > 0 || node.tensorPreHooks.length > 0;
}

/**
 * Runs a backward pass. With `accumulate`, gradients land in `.grad` of leaves (or only of
 * `inputs`); otherwise the gradients of `inputs` are returned (autograd.grad).
 */
export function runBackward(roots: Tensor[], rootGrads: Tensor[], opts: BackwardOptions): (Tensor | null)[] {
  const rootEdges: Edge[] = roots.map((t, i) => {
    if (!t.requiresGrad) {
      const e = new TorchError('RuntimeError', `element ${i} of tensors does not require grad and does not have a grad_fn`);
      autogradEvents.listener?.onBackwardRejected?.(roots, e); // the trace records the refused call
      throw e;
    }
    return gradientEdge(t);
  });
  // Capture slots: for autograd.grad, and for backward(inputs=) on non-leaf tensors.
  const inputs = opts.inputs;
  const captures = new Map<Node, { slot: number; index: number }[]>();
  const targets = new Set<Node>();
  if (inputs !== null) {
    inputs.forEach((t, index) => {
      if (!t.requiresGrad) {
        throw new TorchError('RuntimeError', 'One of the differentiated Tensors does not require grad');
      }
      const e = gradientEdge(t);
      targets.add(e.node);
      if (opts.accumulate && e.node instanceof AccumulateGrad) return; // runs its node
      let list = captures.get(e.node);
      if (!list) captures.set(e.node, (list = []));
      list.push({ slot: e.inputNr, index });
    });
  }

  // Discover the graph: dependency counts and a post-order for the "needed" pass. The pass
  // keeps its per-node state on the nodes (passId / passDeps / passBuffer); a pass started
  // while another runs (backward inside a hook) saves and restores what it overwrites.
  const passId = nextPassId++;
  const overwritten: { node: Node; passId: number; deps: number; buffer: (Tensor | null)[] | null }[] = [];
  const claim = (n: Node, deps: number): void => {
    if (n.passId !== 0 && activePasses.has(n.passId)) overwritten.push({ node: n, passId: n.passId, deps: n.passDeps, buffer: n.passBuffer });
    n.passId = passId;
    n.passDeps = deps;
    n.passBuffer = null;
  };
  activePasses.add(passId);
  const postOrder: Node[] = [];
  const stack: { node: Node; next: number }[] = [];
  for (const e of rootEdges) {
    if (e.node.passId === passId) continue;
    claim(e.node, 0);
    stack.push({ node: e.node, next: 0 });
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const edges = top.node.nextEdges;
      if (top.next < edges.length) {
        const e2 = edges[top.next++];
        if (e2 === null) continue;
        const n2 = e2.node;
        if (n2.passId === passId) {
          n2.passDeps++;
        } else {
          claim(n2, 1);
          stack.push({ node: n2, next: 0 });
        }
      } else {
        postOrder.push(top.node);
        stack.pop();
      }
    }
  }

  // With explicit inputs only nodes on a path to a target run. `reaches`: a target is at or
  // below the node (so gradients must flow into it); a node runs when a target lies strictly
  // below it, or when it is itself a target that is not merely captured (a leaf's
  // AccumulateGrad under backward(inputs=…)).
  let needed: Set<Node> | null = null;
  if (inputs !== null) {
    needed = new Set();
    const reaches = new Set<Node>();
    for (const n of postOrder) {
      let below = false;
      for (const e of n.nextEdges) if (e !== null && reaches.has(e.node)) { below = true; break; }
      if (below || targets.has(n)) reaches.add(n);
      if (below || (targets.has(n) && !captures.has(n))) needed.add(n);
    }
  }

  const results: (Tensor | null)[] = inputs ? inputs.map(() => null) : [];
  const h = opHelpers();
  const listener = autogradEvents.listener;
  const prevGrad = gradMode.enabled;
  gradMode.enabled = opts.createGraph;
  listener?.onBackwardStart?.(roots, opts.accumulate ? 'backward' : 'grad', { retainGraph: opts.retainGraph, createGraph: opts.createGraph, rootGrads });
  const executed: Node[] = [];
  let failure: unknown = undefined;
  const ownershipAllowed = !opts.createGraph && inputs === null && !listener;
  const prevFresh = ownershipAllowed ? beginFreshStorages() : null;
  const own = ownershipAllowed ? new GradOwnership(currentFreshStorages()!) : null;
  try {
    const ready = new ReadyQueue();
    rootEdges.forEach((e, i) => addToBuffer(e.node, e.inputNr, rootGrads[i], h, own));
    const queued = new Set<Node>();
    for (const e of rootEdges) if (e.node.passDeps === 0 && !queued.has(e.node)) { queued.add(e.node); ready.push(e.node); }
    while (ready.size > 0) {
      const node = ready.pop();
      let grads = node.passBuffer ?? [];
      node.passBuffer = null;
      if (own !== null) {
        if (hasHooks(node)) own.enabled = false;
        for (const g of grads) if (g) own.released(g);
      }
      grads = runTensorPreHooks(node, grads);
      const cap = captures.get(node);
      if (cap) for (const c of cap) {
        const g = grads[c.slot] ?? null;
        if (opts.accumulate && inputs) accumulateInto(inputs[c.index], g!);
        else results[c.index] = g;
      }
      const runIt = needed === null || needed.has(node);
      let out: (Tensor | null)[] = [];
      if (runIt) {
        for (const hk of node.preHooks) if (!hk.removed) {
          const before = grads[0] ?? null;
          const r = hk.fn(grads, grads);
          if (r) grads = r;
          listener?.onHookFired?.(null, node, before, grads[0] ?? null, 'node_pre');
        }
        const g0 = grads[0];
        if (own !== null && node instanceof AccumulateGrad && g0 && own.owns(g0, 0)) {
          node.accumulateOwned(g0); // the engine's own gradient becomes .grad without a copy
        } else {
          out = node.apply(grads, own === null ? undefined : ownedGrads(own, grads));
        }
        for (const hk of node.postHooks) if (!hk.removed) {
          const before = out[0] ?? null;
          const r = hk.fn(out, grads);
          if (r) out = r;
          listener?.onHookFired?.(null, node, before, out[0] ?? null, 'node');
        }
        executed.push(node);
        listener?.onNodeRun?.(node, grads, out);
        if (!opts.retainGraph) {
          node.releaseSaved();
          if (node.saved.length > 0) listener?.onSavedFreed?.(node);
        }
      }
      const edges = node.nextEdges;
      for (let i = 0; i < edges.length; i++) {
        const e = edges[i];
        if (e === null) continue;
        const next = e.node;
        if (runIt && out[i] != null) addToBuffer(next, e.inputNr, out[i]!, h, own);
        if (--next.passDeps === 0) ready.push(next);
      }
    }
  } catch (e) {
    failure = e;
    throw e;
  } finally {
    gradMode.enabled = prevGrad;
    if (ownershipAllowed) endFreshStorages(prevFresh);
    // Drop gradients left on nodes that did not run (a failure, or nodes off the inputs'
    // paths), then give an outer pass back the state this one overwrote.
    for (const n of postOrder) n.passBuffer = null;
    for (let i = overwritten.length - 1; i >= 0; i--) {
      const o = overwritten[i];
      o.node.passId = o.passId;
      o.node.passDeps = o.deps;
      o.node.passBuffer = o.buffer;
    }
    activePasses.delete(passId);
    listener?.onBackwardEnd?.(failure);
  }
  if (!opts.accumulate && inputs) {
    results.forEach((r, i) => {
      if (r === null && !opts.allowUnused) {
        throw new TorchError(
          'RuntimeError',
          `The differentiated Tensor at index ${i} appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.`,
        );
      }
    });
  }
  return results;
}

let nextPassId = 1;
/** Passes now running (more than one when a hook calls backward). */
const activePasses = new Set<number>();

function addToBuffer(
  node: Node,
  slot: number,
  g: Tensor,
  h: ReturnType<typeof opHelpers>,
  own: GradOwnership | null,
): void {
  let buf = node.passBuffer;
  if (buf === null) node.passBuffer = buf = [];
  const prev = buf[slot];
  if (prev == null) {
    buf[slot] = g;
    own?.delivered(g);
    return;
  }
  if (own !== null && own.owns(prev, 1) && prev.storage !== g.storage && prev.dtype === g.dtype && sameShape(prev.shape, g.shape)) {
    h.addInPlace(prev, g); // as PyTorch's InputBuffer when it holds the only reference
    return;
  }
  const sum = h.add(prev, g);
  own?.released(prev);
  own?.delivered(sum);
  buf[slot] = sum;
}

/** Tensor hooks first (registration order, each may replace the gradient), then retain_grad. */
function runTensorPreHooks(node: Node, grads: (Tensor | null)[]): (Tensor | null)[] {
  const hookLists = node.tensorPreHooks;
  const retained = node.retainGradTensors;
  if (hookLists.length === 0 && retained.length === 0) return grads;
  const listener = autogradEvents.listener;
  for (let slot = 0; slot < hookLists.length; slot++) {
    const hooks = hookLists[slot];
    if (!hooks || grads[slot] == null) continue;
    for (const hk of hooks) {
      if (hk.removed) continue;
      const before = grads[slot]!;
      const r = hk.fn(before);
      if (r != null) grads[slot] = r;
      listener?.onHookFired?.(null, node, before, grads[slot]!);
    }
  }
  for (let slot = 0; slot < retained.length; slot++) {
    const t = retained[slot];
    const g = grads[slot];
    if (!t || g == null) continue;
    const h = opHelpers();
    const before = t.grad;
    // PyTorch's retain_grad hook: grad.clone() (CloneBackward0 under create_graph), later grad + new.
    t.grad = t.grad === null ? h.clone(g) : h.add(t.grad, g);
    listener?.onHookFired?.(t, node, before, t.grad, 'retain_grad');
  }
  return grads;
}

/** Validates and builds the root gradients for backward()/autograd.grad() (PyTorch's _make_grads). */
export function makeRootGrads(roots: Tensor[], given: (Tensor | null)[]): Tensor[] {
  const h = opHelpers();
  return roots.map((t, i) => {
    const g = given[i] ?? null;
    if (g === null) {
      if (t.numel !== 1) {
        const e = new TorchError('RuntimeError', 'grad can be implicitly created only for scalar outputs');
        autogradEvents.listener?.onBackwardRejected?.(roots, e); // the trace records the refused call
        throw e;
      }
      const one = h.zeros(t.shape, t.dtype);
      one.storage[0] = 1;
      return one;
    }
    if (!sameShape(g.shape, t.shape)) {
      throw new TorchError(
        'RuntimeError',
        `Mismatch in shape: grad_output[${i}] has a shape of torch.Size([${g.shape.join(', ')}]) and output[${i}] has a shape of torch.Size([${t.shape.join(', ')}]).`,
      );
    }
    return g;
  });
}

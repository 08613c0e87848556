// The benchmark workloads (the same as ../shared/bench's tensor scripts), each written once per
// library behind one small interface, so every library runs exactly the same work.

export interface WorkloadResult {
  name: string;
  /** Median milliseconds per repetition. */
  ms: number;
}

export interface Library {
  name: string;
  /**
   * Makes this library the active one before its workloads are set up and timed (TensorFlow.js
   * has one global backend; tensors made under one backend would be copied over by another).
   */
  activate?(): Promise<void>;
  /** 1e6-element ((x*y + x).exp() * 0.001).sum() forward + backward. */
  elementwise(n: number): () => void;
  /** (A @ B).sum() forward + backward for n×n float32. */
  matmul(n: number): () => void;
  /** 10,000 × (x = x * 1.0001 + 0.0001) on 16 elements, then backward. */
  chain(steps: number): () => void;
  /** One SGD step of Linear(64,128)-ReLU-Linear(128,10) with MSE on a 32×64 batch. */
  mlpStep(): () => void;
}

export function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Runs `fn` for warm-up, then times `reps` runs and returns the median in ms. */
export function timeIt(fn: () => void, reps: number, warmup = 2): number {
  return timeAll(fn, reps, warmup).median;
}

export interface Timing {
  median: number;
  min: number;
  max: number;
  times: number[];
}

/** Warm-up runs, then `reps` timed runs: median, min and max in ms. */
export function timeAll(fn: () => void, reps: number, warmup = 2): Timing {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return { median: median(times), min: Math.min(...times), max: Math.max(...times), times };
}

/** Deterministic pseudo-random floats in [-1, 1) so every library sees the same data. */
export function lcgFloats(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

// PyTorch-exact tensor printing: repr(t) / print(t), torch.Size, dtypes, and the
// module-level print options of torch.set_printoptions.
//
// A faithful port of torch/_tensor_str.py (PyTorch 2.14): _Formatter (integer mode,
// scientific mode, column width), _vector_str (line wrapping), _tensor_str_with_formatter
// (nested brackets, summarisation), get_summarized_data, _str_intern (suffixes) and
// _add_suffixes. Element text comes from pyfloat.ts, which reproduces Python's
// '{:.4f}' / '{:.4e}' / '{:.0f}' digit for digit.
import { DType, dtypeName, isFloating } from './dtype';
import { formatExponent, formatFixed } from './pyfloat';
import { Tensor } from './tensor';

// ---------------------------------------------------------------------------------------
// Print options

export interface PrintOptions {
  precision: number;
  /** Element count above which printing summarises; Infinity for profile 'full'. */
  threshold: number;
  edgeitems: number;
  linewidth: number;
  /** null = chosen per tensor by the formatter. */
  sci_mode: boolean | null;
}

export type PrintProfile = 'default' | 'short' | 'full';

/** Arguments of torch.set_printoptions; undefined and null both mean "not given". */
export interface SetPrintOptionsArgs {
  precision?: number | null;
  threshold?: number | null;
  edgeitems?: number | null;
  linewidth?: number | null;
  profile?: PrintProfile | string | null;
  sci_mode?: boolean | null;
}

const PRINT_OPTS: PrintOptions = { precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80, sci_mode: null };

/** The current options, as torch.get_printoptions() returns them (a copy). */
export function getPrintOptions(): PrintOptions {
  return { ...PRINT_OPTS };
}

/**
 * torch.set_printoptions. A profile sets precision/threshold/edgeitems/linewidth first,
 * then each given option overrides; sci_mode is always assigned (omitting it resets it to
 * null), exactly as PyTorch does. An unknown profile name is ignored, as in PyTorch.
 */
export function setPrintOptions(args: SetPrintOptionsArgs = {}): void {
  switch (args.profile) {
    case 'default':
      Object.assign(PRINT_OPTS, { precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80 });
      break;
    case 'short':
      Object.assign(PRINT_OPTS, { precision: 2, threshold: 1000, edgeitems: 2, linewidth: 80 });
      break;
    case 'full':
      Object.assign(PRINT_OPTS, { precision: 4, threshold: Infinity, edgeitems: 3, linewidth: 80 });
      break;
  }
  if (args.precision != null) PRINT_OPTS.precision = args.precision;
  if (args.threshold != null) PRINT_OPTS.threshold = args.threshold;
  if (args.edgeitems != null) PRINT_OPTS.edgeitems = args.edgeitems;
  if (args.linewidth != null) PRINT_OPTS.linewidth = args.linewidth;
  PRINT_OPTS.sci_mode = args.sci_mode ?? null;
}

/** Restores PyTorch's defaults (for a fresh run of a script). */
export function resetPrintOptions(): void {
  setPrintOptions({ profile: 'default' });
}

let defaultFloatDtype: DType = 'float32';

/**
 * Tells the printer torch.get_default_dtype(): a tensor of that dtype prints no `dtype=`
 * suffix. Whoever implements torch.set_default_dtype must call this.
 */
export function setPrintDefaultDtype(d: DType): void {
  defaultFloatDtype = d;
}

// ---------------------------------------------------------------------------------------
// Small texts

/** `torch.float32` */
export function formatDtype(d: DType): string {
  return dtypeName(d);
}

/** `torch.Size([2, 3])` */
export function formatSize(shape: readonly number[]): string {
  return 'torch.Size([' + shape.join(', ') + '])';
}

/** Python's str(tuple(shape)): `(2, 3)`, `(10,)`, `()`. */
export function formatShapeTuple(shape: readonly number[]): string {
  return shape.length === 1 ? '(' + shape[0] + ',)' : '(' + shape.join(', ') + ')';
}

// ---------------------------------------------------------------------------------------
// _Formatter

/** Chooses one text layout for all elements of a tensor, so that columns align. */
export class ElementFormatter {
  readonly floating: boolean;
  readonly isBool: boolean;
  intMode = true;
  sciMode = false;
  maxWidth = 1;
  private readonly precision: number;

  /** `values`: the elements that decide the layout (the summarised ones when summarising). */
  constructor(values: ArrayLike<number>, dtype: DType, options: PrintOptions = PRINT_OPTS) {
    this.floating = isFloating(dtype);
    this.isBool = dtype === 'bool';
    this.precision = options.precision;
    const n = values.length;
    if (!this.floating) {
      for (let i = 0; i < n; i++) this.maxWidth = Math.max(this.maxWidth, this.formatPlain(values[i]).length);
      return;
    }
    // Only nonzero finite values take part in the decision.
    let count = 0;
    let absMin = Infinity;
    let absMax = 0;
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (v === 0 || !Number.isFinite(v)) continue;
      count++;
      const a = Math.abs(v);
      if (a < absMin) absMin = a;
      if (a > absMax) absMax = a;
      if (this.intMode && v !== Math.ceil(v)) this.intMode = false;
    }
    if (count === 0) return;
    this.sciMode = options.sci_mode ?? (absMax / absMin > 1000.0 || absMax > 1.0e8 || absMin < 1.0e-4);
    const p = this.precision;
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (v === 0 || !Number.isFinite(v)) continue;
      const len = this.sciMode ? formatExponent(v, p).length : this.intMode ? formatFixed(v, 0).length + 1 : formatFixed(v, p).length;
      if (len > this.maxWidth) this.maxWidth = len;
    }
  }

  width(): number {
    return this.maxWidth;
  }

  private formatPlain(v: number): string {
    if (this.isBool) return v ? 'True' : 'False';
    return String(v);
  }

  /** One element, right-aligned to the common width. */
  format(v: number): string {
    let s: string;
    if (!this.floating) s = this.formatPlain(v);
    else if (this.sciMode) s = formatExponent(v, this.precision);
    else if (this.intMode) {
      s = formatFixed(v, 0);
      if (Number.isFinite(v)) s += '.'; // the '.' says "floating dtype"
    } else s = formatFixed(v, this.precision);
    return s.length < this.maxWidth ? ' '.repeat(this.maxWidth - s.length) + s : s;
  }
}

// ---------------------------------------------------------------------------------------
// Layout of the elements

/** Elements per sub-tensor of each dimension: strideOf[d] = prod(shape[d+1:]). */
function denseStrides(shape: readonly number[]): number[] {
  const st = new Array<number>(shape.length);
  let acc = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    st[d] = acc;
    acc *= shape[d];
  }
  return st;
}

/** get_summarized_data: the elements the formatter sees when printing summarises. */
function collectSummarized(data: ArrayLike<number>, shape: readonly number[], strides: readonly number[], dim: number, base: number, edge: number, out: number[]): void {
  const nd = shape.length - dim;
  if (nd === 0) {
    out.push(data[base]);
    return;
  }
  const size = shape[dim];
  const stride = strides[dim];
  if (nd === 1) {
    if (size > 2 * edge) {
      for (let i = 0; i < edge; i++) out.push(data[base + i]);
      // self[-edge:]; with edge == 0 that is self[0:], the whole vector (PyTorch's own quirk)
      const from = edge === 0 ? 0 : size - edge;
      for (let i = from; i < size; i++) out.push(data[base + i]);
    } else for (let i = 0; i < size; i++) out.push(data[base + i]);
    return;
  }
  if (edge === 0) return; // new_empty: no elements
  if (size > 2 * edge) {
    for (let i = 0; i < edge; i++) collectSummarized(data, shape, strides, dim + 1, base + i * stride, edge, out);
    for (let i = size - edge; i < size; i++) collectSummarized(data, shape, strides, dim + 1, base + i * stride, edge, out);
  } else for (let i = 0; i < size; i++) collectSummarized(data, shape, strides, dim + 1, base + i * stride, edge, out);
}

interface LayoutContext {
  data: ArrayLike<number>;
  shape: readonly number[];
  strides: readonly number[];
  summarize: boolean;
  formatter: ElementFormatter;
  opts: PrintOptions;
}

/** _vector_str: one 1-D row, wrapped at the line width. */
function vectorStr(ctx: LayoutContext, base: number, size: number, indent: number): string {
  const { formatter, opts } = ctx;
  const elementLength = formatter.width() + 2; // with ", "
  const perLine = Math.max(1, Math.floor((opts.linewidth - indent) / elementLength));
  const edge = opts.edgeitems;
  const items: string[] = [];
  if (ctx.summarize && !edge) items.push('...');
  else if (ctx.summarize && size > 2 * edge) {
    for (let i = 0; i < edge; i++) items.push(formatter.format(ctx.data[base + i]));
    items.push(' ...');
    for (let i = size - edge; i < size; i++) items.push(formatter.format(ctx.data[base + i]));
  } else for (let i = 0; i < size; i++) items.push(formatter.format(ctx.data[base + i]));
  const lines: string[] = [];
  for (let i = 0; i < items.length; i += perLine) lines.push(items.slice(i, i + perLine).join(', '));
  return '[' + lines.join(',\n' + ' '.repeat(indent + 1)) + ']';
}

/** _tensor_str_with_formatter: nested brackets; blank lines between blocks of 3-D and up. */
function nestedStr(ctx: LayoutContext, dim: number, base: number, indent: number): string {
  const nd = ctx.shape.length - dim;
  if (nd === 0) return ctx.formatter.format(ctx.data[base]);
  const size = ctx.shape[dim];
  if (nd === 1) return vectorStr(ctx, base, size, indent);
  const stride = ctx.strides[dim];
  const edge = ctx.opts.edgeitems;
  const slices: string[] = [];
  if (ctx.summarize && size > 2 * edge) {
    for (let i = 0; i < edge; i++) slices.push(nestedStr(ctx, dim + 1, base + i * stride, indent + 1));
    slices.push('...');
    for (let i = size - edge; i < size; i++) slices.push(nestedStr(ctx, dim + 1, base + i * stride, indent + 1));
  } else for (let i = 0; i < size; i++) slices.push(nestedStr(ctx, dim + 1, base + i * stride, indent + 1));
  return '[' + slices.join(',' + '\n'.repeat(nd - 1) + ' '.repeat(indent + 1)) + ']';
}

/**
 * _tensor_str: the bracketed elements alone (no `tensor(` prefix or suffixes), laid out
 * as if they started at column `indent`.
 */
export function formatTensorBody(t: Tensor, indent: number, options: PrintOptions = PRINT_OPTS): string {
  if (t.numel === 0) return '[]';
  const summarize = t.numel > options.threshold;
  const data = t.data();
  const shape = t.shape;
  const strides = denseStrides(shape);
  let decisive: ArrayLike<number> = data;
  if (summarize) {
    const picked: number[] = [];
    collectSummarized(data, shape, strides, 0, 0, options.edgeitems, picked);
    decisive = picked;
  }
  const formatter = new ElementFormatter(decisive, t.dtype, options);
  return nestedStr({ data, shape, strides, summarize, formatter, opts: options }, 0, 0, indent);
}

/** _add_suffixes: `, suffix` on the same line while it fits, else on a new indented line. */
function addSuffixes(text: string, suffixes: readonly string[], indent: number, linewidth: number): string {
  const parts = [text];
  // PyTorch's own arithmetic: the last line's length plus 2 (rfind gives -1 without a newline).
  let lastLineLen = text.length - text.lastIndexOf('\n') + 1;
  for (const suffix of suffixes) {
    if (lastLineLen + suffix.length + 2 > linewidth) {
      parts.push(',\n' + ' '.repeat(indent) + suffix);
      lastLineLen = indent + suffix.length;
    } else {
      parts.push(', ' + suffix);
      lastLineLen += suffix.length + 2;
    }
  }
  parts.push(')');
  return parts.join('');
}

/** Exactly PyTorch's repr(t) (and str(t), print(t)) for a CPU strided tensor. */
export function tensorRepr(t: Tensor): string {
  const opts = PRINT_OPTS;
  const prefix = 'tensor(';
  const indent = prefix.length;
  const suffixes: string[] = [];
  const hasDefaultDtype = t.dtype === defaultFloatDtype || t.dtype === 'int64' || t.dtype === 'bool';
  let body: string;
  if (t.numel === 0) {
    // Explicitly print the shape if it is not (0,); the dtype always when not the default float.
    if (t.ndim !== 1) suffixes.push('size=' + formatShapeTuple(t.shape));
    if (t.dtype !== defaultFloatDtype) suffixes.push('dtype=' + formatDtype(t.dtype));
    body = '[]';
  } else {
    if (!opts.edgeitems) suffixes.push('size=' + formatShapeTuple(t.shape));
    if (!hasDefaultDtype) suffixes.push('dtype=' + formatDtype(t.dtype));
    body = formatTensorBody(t, indent, opts);
  }
  if (t.gradFn) suffixes.push('grad_fn=<' + t.gradFn.name() + '>');
  else if (t.requiresGrad) suffixes.push('requires_grad=True');
  const text = addSuffixes(prefix + body, suffixes, indent, opts.linewidth);
  return t.isParameter ? 'Parameter containing:\n' + text : text;
}

/** str(t): the same text as repr for tensors. */
export function tensorStr(t: Tensor): string {
  return tensorRepr(t);
}

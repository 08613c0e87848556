// AST of the tensor script language (a Python subset).
//
// Shapes follow CPython's `ast` module closely (same node names and field meanings, camelCased),
// so that CPython's documentation describes them, with these conventions:
//
// - Every node is a plain object with a `kind` discriminant and a `range`.
// - `range.line` / `range.endLine` are 1-based; `range.col` / `range.endCol` are 0-based, and
//   `endCol` is exclusive — like CPython's lineno/col_offset/end_lineno/end_col_offset, except
//   that columns count UTF-16 code units of the JS source string (what VS Code uses), not
//   UTF-8 bytes. For ASCII source both agree.
// - `elif` is an `If` nested alone in the outer `If.orelse` (as in CPython).
// - Adjacent string literals are merged (`'a' 'b'` → one Constant); if any part is an f-string
//   the result is a `JoinedStr` whose `values` are str Constants and FormattedValues.
//   `f'{x=}'` is desugared as CPython does: Constant `'x='` then FormattedValue of x with
//   conversion 'r' (unless a conversion or format spec is given).
// - Operators are their Python source spelling ('+', '//', 'not in', 'is not', ...).
// - Constructs that parse but are outside the subset (async def/for/with, match, type alias,
//   await, yield, yield from) become `UnsupportedStmt` / `UnsupportedExpr`; the interpreter
//   raises `NotImplementedError` naming `construct` when it reaches one, so earlier lines
//   still run. Complex literals (`1j`) are a Constant with constType 'complex' (likewise
//   unsupported at run time).
// - Nodes are plain data (no classes, no parent links) so they can be cached and cloned.

export interface Range {
  line: number;
  col: number;
  endLine: number;
  endCol: number;
}

// ───────────────────────────── module ─────────────────────────────

export interface Module {
  kind: 'Module';
  body: Stmt[];
  range: Range;
}

// ───────────────────────────── statements ─────────────────────────────

export type Stmt =
  | ExprStmt
  | Assign
  | AugAssign
  | AnnAssign
  | Import
  | ImportFrom
  | If
  | For
  | While
  | Break
  | Continue
  | Pass
  | FunctionDef
  | Return
  | ClassDef
  | With
  | Try
  | Raise
  | Assert
  | Delete
  | Global
  | Nonlocal
  | UnsupportedStmt;

/** An expression used as a statement (`print(x)`, a docstring, `x.backward()`). */
export interface ExprStmt {
  kind: 'ExprStmt';
  value: Expr;
  range: Range;
}

/** `a = b = value`: `targets` in source order (`[a, b]`). Targets are Name, Attribute,
 *  Subscript, Tuple/List (possibly containing one Starred) with ctx 'Store'. */
export interface Assign {
  kind: 'Assign';
  targets: Expr[];
  value: Expr;
  range: Range;
}

export interface AugAssign {
  kind: 'AugAssign';
  /** Name, Attribute or Subscript. */
  target: Expr;
  op: BinOperator;
  value: Expr;
  range: Range;
}

/** `x: int = 1` / `x: int`. `simple` is true when the target is a bare (unparenthesized) Name. */
export interface AnnAssign {
  kind: 'AnnAssign';
  target: Expr;
  annotation: Expr;
  value: Expr | null;
  simple: boolean;
  range: Range;
}

/** `import a.b as c, d`. */
export interface Import {
  kind: 'Import';
  names: Alias[];
  range: Range;
}

/** `from ..pkg.mod import a as b, c` → module 'pkg.mod', level 2. `from . import x` → module null.
 *  `from m import *` → names `[{ name: '*', asname: null }]`. */
export interface ImportFrom {
  kind: 'ImportFrom';
  module: string | null;
  names: Alias[];
  level: number;
  range: Range;
}

export interface Alias {
  kind: 'Alias';
  /** Dotted name as written (`torch.nn`), or '*'. */
  name: string;
  asname: string | null;
  range: Range;
}

export interface If {
  kind: 'If';
  test: Expr;
  body: Stmt[];
  orelse: Stmt[];
  range: Range;
}

export interface For {
  kind: 'For';
  target: Expr;
  iter: Expr;
  body: Stmt[];
  orelse: Stmt[];
  range: Range;
}

export interface While {
  kind: 'While';
  test: Expr;
  body: Stmt[];
  orelse: Stmt[];
  range: Range;
}

export interface Break {
  kind: 'Break';
  range: Range;
}

export interface Continue {
  kind: 'Continue';
  range: Range;
}

export interface Pass {
  kind: 'Pass';
  range: Range;
}

export interface FunctionDef {
  kind: 'FunctionDef';
  name: string;
  /** Range of the name token (for "go to definition" and error carets). */
  nameRange: Range;
  args: Arguments;
  body: Stmt[];
  decorators: Expr[];
  returns: Expr | null;
  /** Starts at the `def` keyword (like CPython ≥ 3.8), not at the first decorator. */
  range: Range;
}

/** Parameters of a def or lambda, with CPython's layout:
 *  `def f(a, /, b=1, *args, c, d=2, **kw)` →
 *  posonlyargs [a], args [b], defaults [1] (right-aligned to posonlyargs+args),
 *  vararg args, kwonlyargs [c, d], kwDefaults [null, 2], kwarg kw. */
export interface Arguments {
  kind: 'Arguments';
  posonlyargs: Arg[];
  args: Arg[];
  vararg: Arg | null;
  kwonlyargs: Arg[];
  /** One per kwonlyarg; null when it has no default. */
  kwDefaults: (Expr | null)[];
  kwarg: Arg | null;
  /** Defaults of the last N positional parameters (posonlyargs then args). */
  defaults: Expr[];
  range: Range;
}

export interface Arg {
  kind: 'Arg';
  name: string;
  annotation: Expr | null;
  range: Range;
}

export interface Return {
  kind: 'Return';
  value: Expr | null;
  range: Range;
}

export interface ClassDef {
  kind: 'ClassDef';
  name: string;
  nameRange: Range;
  /** Positional bases; may contain Starred. */
  bases: Expr[];
  /** `metaclass=...` and other class keywords. */
  keywords: Keyword[];
  body: Stmt[];
  decorators: Expr[];
  range: Range;
}

export interface With {
  kind: 'With';
  items: WithItem[];
  body: Stmt[];
  range: Range;
}

export interface WithItem {
  kind: 'WithItem';
  contextExpr: Expr;
  /** Target after `as` (Name, Attribute, Subscript, Tuple, List) with ctx 'Store'. */
  optionalVars: Expr | null;
  range: Range;
}

export interface Try {
  kind: 'Try';
  body: Stmt[];
  handlers: ExceptHandler[];
  orelse: Stmt[];
  finalbody: Stmt[];
  /** `except*` (3.11+): parsed but outside the subset — the interpreter reports it. */
  isStar: boolean;
  range: Range;
}

export interface ExceptHandler {
  kind: 'ExceptHandler';
  /** null for a bare `except:`. `except (A, B):` is a Tuple; `except A, B:` (3.14) too. */
  type: Expr | null;
  name: string | null;
  body: Stmt[];
  range: Range;
}

export interface Raise {
  kind: 'Raise';
  exc: Expr | null;
  cause: Expr | null;
  range: Range;
}

export interface Assert {
  kind: 'Assert';
  test: Expr;
  msg: Expr | null;
  range: Range;
}

export interface Delete {
  kind: 'Delete';
  /** Targets with ctx 'Del'. */
  targets: Expr[];
  range: Range;
}

export interface Global {
  kind: 'Global';
  names: string[];
  range: Range;
}

export interface Nonlocal {
  kind: 'Nonlocal';
  names: string[];
  range: Range;
}

/** A statement that is valid Python but outside the subset. The interpreter raises
 *  `NotImplementedError(f"{construct} is not supported")`-style errors when it reaches it.
 *  `construct` is a human name: "'async def'", "'async for'", "'async with'",
 *  "'match' statement", "'type' alias statement". */
export interface UnsupportedStmt {
  kind: 'UnsupportedStmt';
  construct: string;
  range: Range;
}

// ───────────────────────────── expressions ─────────────────────────────

export type Expr =
  | Name
  | Constant
  | BinOp
  | UnaryOp
  | BoolOp
  | Compare
  | IfExp
  | Call
  | Attribute
  | Subscript
  | Slice
  | Tuple
  | List
  | Dict
  | SetExpr
  | ListComp
  | SetComp
  | DictComp
  | GeneratorExp
  | Lambda
  | JoinedStr
  | FormattedValue
  | Starred
  | NamedExpr
  | Yield
  | YieldFrom
  | UnsupportedExpr;

/** Load = read, Store = assignment target, Del = `del` target. */
export type ExprContext = 'Load' | 'Store' | 'Del';

export interface Name {
  kind: 'Name';
  id: string;
  ctx: ExprContext;
  range: Range;
  /** Interpreter cache: the scope this name was last resolved in, and where it lives there. */
  scopeInfo?: object;
  depth?: number;
  /** Slot of the resolved local in its (function) frame, -1 when it lives in a dict. */
  slot?: number;
}

/** Marker value for the `...` literal. */
export const ELLIPSIS: unique symbol = Symbol.for('gradscope.Ellipsis');
export type EllipsisValue = typeof ELLIPSIS;

/** Literal constants, discriminated on `constType`:
 *  int → bigint (any size), float → number, complex → number (the imaginary part; unsupported
 *  at run time), str → string, bytes → Uint8Array, bool → boolean, None → null,
 *  Ellipsis → ELLIPSIS. */
export type Constant =
  | ConstantOf<'int', bigint>
  | ConstantOf<'float', number>
  | ConstantOf<'complex', number>
  | ConstantOf<'str', string>
  | ConstantOf<'bytes', Uint8Array>
  | ConstantOf<'bool', boolean>
  | ConstantOf<'None', null>
  | ConstantOf<'Ellipsis', EllipsisValue>;

export interface ConstantOf<T extends string, V> {
  kind: 'Constant';
  constType: T;
  value: V;
  range: Range;
}

export type BinOperator = '+' | '-' | '*' | '/' | '//' | '%' | '**' | '@' | '<<' | '>>' | '|' | '^' | '&';
export type UnaryOperator = 'not' | '-' | '+' | '~';
export type BoolOperator = 'and' | 'or';
export type CmpOperator = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'is' | 'is not' | 'in' | 'not in';

export interface BinOp {
  kind: 'BinOp';
  left: Expr;
  op: BinOperator;
  right: Expr;
  range: Range;
}

export interface UnaryOp {
  kind: 'UnaryOp';
  op: UnaryOperator;
  operand: Expr;
  range: Range;
}

/** `a and b and c` → one BoolOp with three values (mixed and/or nest, as in CPython). */
export interface BoolOp {
  kind: 'BoolOp';
  op: BoolOperator;
  values: Expr[];
  range: Range;
}

/** Chained comparison `a < b <= c` → left a, ops ['<', '<='], comparators [b, c]. */
export interface Compare {
  kind: 'Compare';
  left: Expr;
  ops: CmpOperator[];
  comparators: Expr[];
  range: Range;
}

/** `body if test else orelse`. */
export interface IfExp {
  kind: 'IfExp';
  test: Expr;
  body: Expr;
  orelse: Expr;
  range: Range;
}

/** `f(a, *xs, k=1, **kw)` → args [a, Starred(xs)], keywords [k=1, (null)=kw].
 *  As in CPython, positional args (incl. Starred) and keywords are kept in two lists;
 *  `f(a, k=1, *xs)` is legal and evaluates a, xs, then k (use ranges if order matters). */
export interface Call {
  kind: 'Call';
  func: Expr;
  args: Expr[];
  keywords: Keyword[];
  /** Some positional argument is `*iterable` (lets the interpreter skip a scan per call). */
  hasStarred?: boolean;
  range: Range;
}

export interface Keyword {
  kind: 'Keyword';
  /** null for `**mapping`. */
  arg: string | null;
  value: Expr;
  range: Range;
}

export interface Attribute {
  kind: 'Attribute';
  value: Expr;
  attr: string;
  /** Range of the attribute name after the dot. */
  attrRange: Range;
  ctx: ExprContext;
  range: Range;
}

/** `value[slice]`; `x[1:2, 3]` → slice is a Tuple [Slice, Constant]. */
export interface Subscript {
  kind: 'Subscript';
  value: Expr;
  slice: Expr;
  ctx: ExprContext;
  range: Range;
}

/** `lower:upper:step` inside a subscript. */
export interface Slice {
  kind: 'Slice';
  lower: Expr | null;
  upper: Expr | null;
  step: Expr | null;
  range: Range;
}

export interface Tuple {
  kind: 'Tuple';
  elts: Expr[];
  ctx: ExprContext;
  /** Written with its own parentheses (`(a, b)`), as opposed to `a, b`. */
  parenthesized: boolean;
  range: Range;
}

export interface List {
  kind: 'List';
  elts: Expr[];
  ctx: ExprContext;
  range: Range;
}

/** `{k: v, **m}` → keys [k, null], values [v, m]. */
export interface Dict {
  kind: 'Dict';
  keys: (Expr | null)[];
  values: Expr[];
  range: Range;
}

/** `{a, b}` (named SetExpr in TypeScript to avoid clashing with the global `Set`). */
export interface SetExpr {
  kind: 'Set';
  elts: Expr[];
  range: Range;
}

/** One `for target in iter if cond ...` clause of a comprehension. */
export interface Comprehension {
  kind: 'Comprehension';
  target: Expr;
  iter: Expr;
  ifs: Expr[];
  /** `async for` in a comprehension: outside the subset, reported at run time. */
  isAsync: boolean;
  range: Range;
}

export interface ListComp {
  kind: 'ListComp';
  elt: Expr;
  generators: Comprehension[];
  range: Range;
}

export interface SetComp {
  kind: 'SetComp';
  elt: Expr;
  generators: Comprehension[];
  range: Range;
}

export interface DictComp {
  kind: 'DictComp';
  key: Expr;
  value: Expr;
  generators: Comprehension[];
  range: Range;
}

export interface GeneratorExp {
  kind: 'GeneratorExp';
  elt: Expr;
  generators: Comprehension[];
  range: Range;
}

export interface Lambda {
  kind: 'Lambda';
  args: Arguments;
  body: Expr;
  range: Range;
}

/** An f-string (possibly concatenated with plain strings): str Constants and FormattedValues. */
export interface JoinedStr {
  kind: 'JoinedStr';
  values: (ConstantOf<'str', string> | FormattedValue)[];
  range: Range;
}

/** `{value!conversion:formatSpec}` inside an f-string. The spec is itself a JoinedStr
 *  (it may contain nested replacement fields: `{x:{width}.{prec}f}`). */
export interface FormattedValue {
  kind: 'FormattedValue';
  value: Expr;
  /** null when no `!s` / `!r` / `!a` is given. */
  conversion: 's' | 'r' | 'a' | null;
  formatSpec: JoinedStr | null;
  range: Range;
}

/** `*value` in a call, a list/tuple/set display, or an assignment target. */
export interface Starred {
  kind: 'Starred';
  value: Expr;
  ctx: ExprContext;
  range: Range;
}

/** `target := value`. */
export interface NamedExpr {
  kind: 'NamedExpr';
  target: Name;
  value: Expr;
  range: Range;
}

/** `yield value` (value null for a bare `yield`): the function is a generator. */
export interface Yield {
  kind: 'Yield';
  value: Expr | null;
  range: Range;
}

/** `yield from iterable`. */
export interface YieldFrom {
  kind: 'YieldFrom';
  value: Expr;
  range: Range;
}

/** A valid expression outside the subset: construct is "'await' expression". Its operand is not kept. */
export interface UnsupportedExpr {
  kind: 'UnsupportedExpr';
  construct: string;
  range: Range;
}

// ───────────────────────────── nodes and errors ─────────────────────────────

export type Node =
  | Module
  | Stmt
  | Expr
  | Alias
  | Arguments
  | Arg
  | Keyword
  | WithItem
  | ExceptHandler
  | Comprehension;

/** A syntax error found by the lexer/parser, with CPython 3.14's message and position.
 *  `line` is 1-based; `col` is 0-based (= CPython's SyntaxError.offset - 1); `endCol` is
 *  0-based exclusive (= CPython's end_offset - 1). `lineText` is the full source line
 *  without its newline (CPython's `text`, minus the trailing '\n'). */
export interface PySyntaxError {
  /** MemoryError: nesting beyond the parser's limit (CPython's "Parser stack overflowed"). */
  type: 'SyntaxError' | 'IndentationError' | 'TabError' | 'MemoryError';
  msg: string;
  line: number;
  col: number;
  endLine?: number;
  endCol?: number;
  lineText: string;
}

export interface ParseResult {
  /** On error: the top-level statements that were complete before the first error. */
  module: Module;
  error: PySyntaxError | null;
}

// Static scope analysis (as CPython's symtable does): which names a function/class body binds
// locally, which it declares global/nonlocal. Computed once per AST node and cached.

import type * as A from './ast';

export interface ScopeInfo {
  kind: 'module' | 'function' | 'class' | 'comprehension';
  /** Names bound in this scope (parameters, assignment targets, imports, defs...). */
  locals: Set<string>;
  globals: Set<string>;
  nonlocals: Set<string>;
  /** The body contains `yield`: calling the function makes a generator. */
  hasYield?: boolean;
  /** Interpreter cache: name → 0 local, -1 global, k > 0 free variable k frames up. */
  resolved?: Map<string, number>;
  /** Function scopes: each local's index in the frame's slot array (parameters first, in order). */
  slotOf?: Map<string, number>;
  slotNames?: string[];
}

const cache = new WeakMap<object, ScopeInfo>();

export function moduleScopeInfo(): ScopeInfo {
  return { kind: 'module', locals: new Set(), globals: new Set(), nonlocals: new Set() };
}

export function functionScopeInfo(node: A.FunctionDef | A.Lambda): ScopeInfo {
  let info = cache.get(node);
  if (info) return info;
  info = { kind: 'function', locals: new Set(), globals: new Set(), nonlocals: new Set() };
  const a = node.args;
  for (const p of [...a.posonlyargs, ...a.args, ...a.kwonlyargs]) info.locals.add(p.name);
  if (a.vararg) info.locals.add(a.vararg.name);
  if (a.kwarg) info.locals.add(a.kwarg.name);
  if (node.kind === 'FunctionDef') collectBlock(node.body, info);
  else collectExpr(node.body, info);
  for (const g of info.globals) info.locals.delete(g);
  for (const n of info.nonlocals) info.locals.delete(n);
  info.slotNames = [...info.locals];
  info.slotOf = new Map(info.slotNames.map((n, i) => [n, i]));
  cache.set(node, info);
  return info;
}

export function classScopeInfo(node: A.ClassDef): ScopeInfo {
  let info = cache.get(node);
  if (info) return info;
  info = { kind: 'class', locals: new Set(), globals: new Set(), nonlocals: new Set() };
  collectBlock(node.body, info);
  for (const g of info.globals) info.locals.delete(g);
  for (const n of info.nonlocals) info.locals.delete(n);
  cache.set(node, info);
  return info;
}

export function comprehensionScopeInfo(node: A.ListComp | A.SetComp | A.DictComp | A.GeneratorExp): ScopeInfo {
  let info = cache.get(node);
  if (info) return info;
  info = { kind: 'comprehension', locals: new Set(), globals: new Set(), nonlocals: new Set() };
  for (const g of node.generators) collectTarget(g.target, info);
  cache.set(node, info);
  return info;
}

function collectTarget(t: A.Expr, info: ScopeInfo): void {
  switch (t.kind) {
    case 'Name':
      info.locals.add(t.id);
      break;
    case 'Tuple':
    case 'List':
      for (const e of t.elts) collectTarget(e, info);
      break;
    case 'Starred':
      collectTarget(t.value, info);
      break;
    default:
      // attribute/subscript targets bind nothing, but may contain walrus expressions
      collectExpr(t, info);
  }
}

function collectBlock(body: A.Stmt[], info: ScopeInfo): void {
  for (const s of body) collectStmt(s, info);
}

function collectStmt(s: A.Stmt, info: ScopeInfo): void {
  switch (s.kind) {
    case 'Assign':
      for (const t of s.targets) collectTarget(t, info);
      collectExpr(s.value, info);
      break;
    case 'AugAssign':
      collectTarget(s.target, info);
      collectExpr(s.value, info);
      break;
    case 'AnnAssign':
      if (s.value || s.simple) collectTarget(s.target, info);
      if (s.value) collectExpr(s.value, info);
      break;
    case 'Import':
      for (const a of s.names) info.locals.add(a.asname ?? a.name.split('.')[0]);
      break;
    case 'ImportFrom':
      for (const a of s.names) if (a.name !== '*') info.locals.add(a.asname ?? a.name);
      break;
    case 'If':
    case 'While':
      collectExpr(s.test, info);
      collectBlock(s.body, info);
      collectBlock(s.orelse, info);
      break;
    case 'For':
      collectTarget(s.target, info);
      collectExpr(s.iter, info);
      collectBlock(s.body, info);
      collectBlock(s.orelse, info);
      break;
    case 'FunctionDef':
      info.locals.add(s.name);
      for (const d of s.decorators) collectExpr(d, info);
      for (const d of s.args.defaults) collectExpr(d, info);
      break;
    case 'ClassDef':
      info.locals.add(s.name);
      for (const d of s.decorators) collectExpr(d, info);
      for (const b of s.bases) collectExpr(b, info);
      break;
    case 'With':
      for (const it of s.items) {
        collectExpr(it.contextExpr, info);
        if (it.optionalVars) collectTarget(it.optionalVars, info);
      }
      collectBlock(s.body, info);
      break;
    case 'Try':
      collectBlock(s.body, info);
      for (const h of s.handlers) {
        if (h.name) info.locals.add(h.name);
        collectBlock(h.body, info);
      }
      collectBlock(s.orelse, info);
      collectBlock(s.finalbody, info);
      break;
    case 'Delete':
      for (const t of s.targets) collectTarget(t, info);
      break;
    case 'Global':
      for (const n of s.names) info.globals.add(n);
      break;
    case 'Nonlocal':
      for (const n of s.names) info.nonlocals.add(n);
      break;
    case 'ExprStmt':
      collectExpr(s.value, info);
      break;
    case 'Return':
      if (s.value) collectExpr(s.value, info);
      break;
    case 'Raise':
      if (s.exc) collectExpr(s.exc, info);
      if (s.cause) collectExpr(s.cause, info);
      break;
    case 'Assert':
      collectExpr(s.test, info);
      if (s.msg) collectExpr(s.msg, info);
      break;
    default:
      break;
  }
}

/** Only walrus targets bind names inside expressions (comprehension bodies bind in their own scope). */
function collectExpr(e: A.Expr, info: ScopeInfo): void {
  const stack: unknown[] = [e];
  while (stack.length) {
    const n = stack.pop() as { kind?: string } | null;
    if (!n || typeof n !== 'object') continue;
    if (n.kind === 'NamedExpr') info.locals.add((n as A.NamedExpr).target.id);
    if (n.kind === 'Yield' || n.kind === 'YieldFrom') info.hasYield = true;
    // nested scopes: a lambda's or comprehension's body is not this function's code
    if (n.kind === 'Lambda') continue;
    for (const k in n) {
      if (k === 'range') continue;
      const v = (n as Record<string, unknown>)[k];
      if (Array.isArray(v)) for (const x of v) stack.push(x);
      else if (v && typeof v === 'object' && 'kind' in (v as object)) stack.push(v);
    }
  }
}

// Registry of importable modules (native modules registered by the host or the stdlib subset).

import type { PyModule } from './objects';
import type { RunContext } from './context';

export type ModuleFactory = (ctx: RunContext) => PyModule;

const factories = new Map<string, ModuleFactory>();

export function registerModuleFactory(name: string, factory: ModuleFactory): void {
  factories.set(name, factory);
}

export function lookupModuleFactory(name: string): ModuleFactory | undefined {
  return factories.get(name);
}

/** Modules a sandboxed script may never import (they report ModuleNotFoundError). */
export const FORBIDDEN_MODULES = new Set([
  'os', 'sys', 'subprocess', 'socket', 'builtins', 'importlib', 'shutil', 'pathlib', 'io', 'ctypes', 'threading',
  'multiprocessing', 'signal', 'pickle', 'marshal', 'gc', 'inspect', 'code', 'codeop', 'pty', 'urllib', 'http',
  'asyncio', 'select', 'tempfile', 'glob', 'fcntl', 'resource', 'posix', 'nt', '_thread', 'sysconfig', 'site',
]);

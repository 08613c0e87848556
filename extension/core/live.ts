// Live mode timing: debounce edits into runs, and decide which results may still be shown.
// Pure (timers injected) so the stale-run rules are unit-tested without VS Code.

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const realTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** Collapses a burst of edits into one call, `delayMs` after the last edit. */
export class Debouncer {
  private handle: unknown = null;
  constructor(private readonly timers: Timers, private delayMs: number) {}

  setDelay(ms: number): void {
    this.delayMs = ms;
  }

  trigger(fn: () => void): void {
    this.cancel();
    this.handle = this.timers.set(() => {
      this.handle = null;
      fn();
    }, this.delayMs);
  }

  cancel(): void {
    if (this.handle !== null) this.timers.clear(this.handle);
    this.handle = null;
  }

  get pending(): boolean {
    return this.handle !== null;
  }
}

/**
 * Which document text each result belongs to. A result is shown only when it is the newest
 * request's and the document is still at the version it ran on — otherwise its lines may
 * no longer match the text, and a newer run is (or will be) on its way.
 */
export class RunLedger {
  private nextRunId = 1;
  private newest = 0;
  private readonly versionOf = new Map<number, number>();

  begin(documentVersion: number): number {
    const runId = this.nextRunId++;
    this.newest = runId;
    this.versionOf.set(runId, documentVersion);
    return runId;
  }

  get newestRunId(): number {
    return this.newest;
  }

  /** True when the result of `runId` may be drawn over a document now at `currentVersion`. */
  accept(runId: number, currentVersion: number): boolean {
    const ranOn = this.versionOf.get(runId);
    this.versionOf.delete(runId);
    return runId === this.newest && ranOn === currentVersion;
  }
}

/// <reference lib="dom" />
// The graph inspector: toolbar (direction, fit, zoom, find, grouping, backward call, export,
// legend), the SVG canvas (pan/zoom), and a side panel (node details, the leaf's accumulation
// timeline, the backward stepper). State changes toggle classes on the drawn SVG; only a new
// graph, a direction change or expanding a group lays the graph out again (in the ELK worker).
import type { ELK } from 'elkjs/lib/elk-api';
import { PROTOCOL_VERSION } from '../engine/protocol/messages';
import type { GraphUpdate, HostToWebview, WebviewToHost } from '../engine/protocol/messages';
import { explain } from '../engine/protocol/guards';
import type { BackwardCall, GraphModel, GraphNode } from '../engine/protocol/trace';
import { collapse, isGroupId } from './collapse';
import type { CollapseMode, CollapsedView } from './collapse';
import { layoutAndRender } from './draw';
import type { Direction, Drawing, NodeBox } from './draw';
import { button, h, s, table } from './dom';
import { exportPng, exportSvg } from './exportImage';
import { contributionCount, leafFor, timelineOf } from './timeline';
import type { TimelineEvent } from './timeline';

export interface VsCodeApi {
  postMessage(m: WebviewToHost): void;
  getState(): unknown;
  setState(s: unknown): void;
}

interface SavedState {
  direction: Direction;
  mode: CollapseMode;
  update?: GraphUpdate;
}

interface Timings {
  /** Message received → graph in the DOM and fitted. */
  totalMs: number;
  layoutMs: number;
  renderMs: number;
  domMs: number;
  nodes: number;
  drawnNodes: number;
}

/** Below this zoom labels cannot be read; an automatic fit then zooms to READABLE_ZOOM instead. */
const MIN_READABLE_ZOOM = 0.3;
const READABLE_ZOOM = 0.75;

const KIND_NAMES: Record<GraphNode['kind'], string> = {
  leaf: 'leaf tensor',
  tensor: 'tensor (non-leaf)',
  grad_fn: 'backward node (grad_fn)',
  accumulate_grad: 'AccumulateGrad',
  output: 'output (backward root)',
};

export class App {
  private update: GraphUpdate | null = null;
  private view: CollapsedView | null = null;
  private drawing: Drawing | null = null;
  private nodeEls = new Map<string, SVGGElement>();
  private direction: Direction = 'RIGHT';
  private mode: CollapseMode = 'auto';
  private expanded = new Set<string>();
  private selected: string | null = null;
  private highlighted = new Set<number>();
  private callIndex: number | null = null;
  private stepIndex = -1;
  private matches: string[] = [];
  private matchAt = -1;
  private generation = 0;
  private pan = { x: 0, y: 0, k: 1 };
  /** True until the person pans or zooms: then a resized panel keeps the graph fitted. */
  private autoFit = true;
  private receivedAt = 0;
  timings: Timings | null = null;

  private readonly canvas: HTMLDivElement;
  private readonly svg: SVGSVGElement;
  private readonly viewport: SVGGElement;
  private readonly side: HTMLDivElement;
  private readonly status: HTMLDivElement;
  private readonly empty: HTMLDivElement;
  private readonly legend: HTMLDivElement;
  private readonly findInput: HTMLInputElement;
  private readonly findCount: HTMLSpanElement;
  private readonly callSelect: HTMLSelectElement;
  private readonly modeSelect: HTMLSelectElement;
  private readonly dirButton: HTMLButtonElement;

  constructor(private readonly root: HTMLElement, private readonly api: VsCodeApi, private readonly elk: Pick<ELK, 'layout'>) {
    root.classList.add('gs');
    this.findInput = h('input', { attrs: { type: 'search', placeholder: 'Find node…', 'aria-label': 'Find node' } });
    this.findCount = h('span', { class: 'gs-count' });
    this.callSelect = h('select', { attrs: { 'aria-label': 'Backward call' } });
    this.modeSelect = h('select', { attrs: { 'aria-label': 'Grouping' } });
    for (const [v, t] of [['auto', 'Group: auto'], ['none', 'Group: none'], ['iteration', 'Group: loop iteration'], ['scope', 'Group: function'], ['line', 'Group: line']]) {
      this.modeSelect.appendChild(h('option', { attrs: { value: v } }, t));
    }
    this.dirButton = button('LR', 'Direction: left-to-right / top-to-bottom', () => this.setDirection(this.direction === 'RIGHT' ? 'DOWN' : 'RIGHT'));
    this.dirButton.classList.add('gs-dir');
    const legendButton = button('Legend', 'Show or hide the legend', () => {
      this.legend.hidden = !this.legend.hidden;
      legendButton.setAttribute('aria-pressed', String(!this.legend.hidden));
    });
    const toolbar = h('div', { class: 'gs-toolbar', attrs: { role: 'toolbar' } },
      this.dirButton,
      button('Fit', 'Fit the graph to the panel', () => this.fit()),
      button('−', 'Zoom out', () => this.zoomBy(1 / 1.25)),
      button('+', 'Zoom in', () => this.zoomBy(1.25)),
      h('span', { class: 'gs-sep' }),
      this.findInput, this.findCount,
      h('span', { class: 'gs-sep' }),
      this.modeSelect,
      this.callSelect,
      h('span', { class: 'gs-sep' }),
      button('SVG', 'Export the graph as SVG', () => void this.exportImage('svg')),
      button('PNG', 'Export the graph as PNG', () => void this.exportImage('png')),
      legendButton,
    );
    this.svg = s('svg', { id: 'graph', role: 'img', 'aria-label': 'Autograd graph' });
    this.viewport = s('g', { class: 'gs-viewport' });
    this.svg.appendChild(this.viewport);
    this.empty = h('div', { class: 'gs-empty' }, 'Run a script (Gradscope: Run Script) to see its autograd graph.');
    this.legend = this.buildLegend();
    this.legend.hidden = true;
    this.canvas = h('div', { class: 'gs-canvas', attrs: { tabindex: '0' } }, this.svg, this.empty, this.legend);
    this.side = h('div', { class: 'gs-side' });
    this.status = h('div', { class: 'gs-status', attrs: { role: 'status' } });
    root.append(toolbar, h('div', { class: 'gs-body' }, this.canvas, this.side), this.status);

    this.findInput.addEventListener('input', () => this.find(this.findInput.value));
    this.findInput.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') this.nextMatch(e.shiftKey ? -1 : 1);
      if (e.key === 'Escape') { this.findInput.value = ''; this.find(''); }
    });
    this.callSelect.addEventListener('change', () => this.selectCall(this.callSelect.value === '' ? null : Number(this.callSelect.value)));
    this.modeSelect.addEventListener('change', () => {
      this.mode = this.modeSelect.value as CollapseMode;
      this.expanded.clear();
      this.saveState();
      void this.redraw(true);
    });
    this.installPanZoom();

    const saved = api.getState() as SavedState | undefined;
    if (saved && typeof saved === 'object') {
      if (saved.direction === 'DOWN' || saved.direction === 'RIGHT') this.direction = saved.direction;
      if (typeof saved.mode === 'string') this.mode = saved.mode;
      if (saved.update && explain.hostToWebview(saved.update) === null) this.setGraph(saved.update);
    }
    this.syncControls();
  }

  // ───────────── messages ─────────────

  receive(data: unknown): void {
    const t0 = performance.now();
    if (explain.hostToWebview(data) !== null) return; // never trust what does not fit the protocol
    if ((data as HostToWebview).kind === 'graph') this.receivedAt = t0; // timings include the check
    const m = data as HostToWebview;
    switch (m.kind) {
      case 'graph': this.setGraph(m); return;
      case 'highlightLines': this.highlightLines(m.lines); return;
      case 'stepState': {
        if (m.stepIndex < 0) this.selectCall(m.callIndex, -1, false);
        else this.selectCall(m.callIndex, m.stepIndex, false);
        return;
      }
      case 'requestExport': void this.exportImage(m.format); return;
    }
  }

  private post(m: WebviewToHost): void {
    this.api.postMessage(m);
  }

  private saveTimer: ReturnType<typeof setTimeout> | undefined;

  /** Saved a moment after drawing: serialising a large graph must not delay showing it. */
  private scheduleSave(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.saveState(), 30);
  }

  private saveState(): void {
    const st: SavedState = { direction: this.direction, mode: this.mode, ...(this.update ? { update: this.update } : {}) };
    this.api.setState(st);
  }

  setGraph(m: GraphUpdate): void {
    if (!this.receivedAt) this.receivedAt = performance.now();
    const sameGraph = this.update !== null && this.update.runId === m.runId && this.update.fileName === m.fileName;
    const previous = this.update;
    this.update = m;
    this.status.classList.toggle('gs-stale', !!m.stale);
    this.scheduleSave();
    if (sameGraph && previous && previous.graph === m.graph) { this.updateStatus(); return; }
    if (sameGraph && m.stale && previous) {
      // Only the stale flag changed: keep the drawing.
      this.updateStatus();
      return;
    }
    if (previous?.fileName !== m.fileName) {
      // Another script: its calls, groups and nodes are not this one's.
      this.expanded.clear();
      this.callIndex = null;
      this.stepIndex = -1;
      this.selected = null;
      this.highlighted.clear();
    }
    const calls = m.graph.backwardCalls;
    if (this.callIndex !== null && !calls.some((c) => c.index === this.callIndex)) { this.callIndex = null; this.stepIndex = -1; }
    if (this.selected && !m.graph.nodes.some((n) => n.id === this.selected)) this.selected = null;
    this.fillCallSelect();
    void this.redraw(previous === null || previous.fileName !== m.fileName);
  }

  // ───────────── drawing ─────────────

  private async redraw(refit: boolean): Promise<void> {
    const m = this.update;
    if (!m) return;
    const gen = ++this.generation;
    this.root.dataset.state = 'layout';
    const view = collapse(m.graph, { mode: this.mode, expanded: this.expanded });
    const started = this.receivedAt || performance.now();
    let drawing: Drawing;
    try {
      drawing = await layoutAndRender(view.graph, this.elk, { direction: this.direction, reuseLayout: true, nodeClasses: (n) => (isGroupId(n.id) ? ['gs-group'] : []) });
    } catch (e) {
      if (gen !== this.generation) return;
      this.root.dataset.state = 'error';
      this.status.textContent = `Layout failed: ${e instanceof Error ? e.message : String(e)}`;
      return;
    }
    if (gen !== this.generation) return; // a newer graph arrived while this one was laid out
    const t0 = performance.now();
    const prevCenter = refit ? null : this.centerInGraph();
    this.view = view;
    this.drawing = drawing;
    this.mount(drawing);
    this.empty.hidden = m.graph.nodes.length > 0;
    if (m.graph.nodes.length === 0) this.empty.textContent = 'This run built no autograd graph (no tensor requires grad).';
    if (refit || !prevCenter) this.fit(false);
    else this.centerOn(prevCenter.x, prevCenter.y, false);
    this.applyState();
    const domMs = performance.now() - t0;
    this.timings = { totalMs: performance.now() - started, layoutMs: drawing.layoutMs, renderMs: drawing.renderMs, domMs, nodes: m.graph.nodes.length, drawnNodes: view.graph.nodes.length };
    this.receivedAt = 0;
    this.root.dataset.state = 'ready';
    this.root.dataset.runId = String(m.runId);
    this.updateStatus();
    this.renderSide();
  }

  /** Parse the SVG markup (text stays text: it is XML-escaped and parsed as XML, never as HTML). */
  private mount(d: Drawing): void {
    const doc = new DOMParser().parseFromString(d.svg, 'image/svg+xml');
    const drawn = doc.documentElement;
    this.viewport.replaceChildren();
    const defs = drawn.querySelector('defs');
    if (defs) this.viewport.appendChild(document.importNode(defs, true));
    for (const g of Array.from(drawn.children)) if (g.tagName !== 'defs') this.viewport.appendChild(document.importNode(g, true));
    this.nodeEls.clear();
    for (const el of Array.from(this.viewport.querySelectorAll<SVGGElement>('g.gs-node'))) {
      const id = el.dataset.id ?? el.getAttribute('data-id');
      if (id) this.nodeEls.set(id, el);
    }
    this.addTimelineBadges(d.boxes);
  }

  /** Under each leaf that backward calls reached: one dot per contribution, a bar per zeroing. */
  private addTimelineBadges(boxes: Map<string, NodeBox>): void {
    const m = this.update;
    if (!m || m.graph.backwardCalls.length === 0) return;
    for (const n of this.view?.graph.nodes ?? []) {
      if (n.kind !== 'leaf') continue;
      const box = boxes.get(n.id), el = this.nodeEls.get(n.id);
      if (!box || !el) continue;
      const events = timelineOf(m.graph, n);
      if (events.length === 0) continue;
      const g = s('g', { class: 'gs-tl-mini', transform: `translate(${box.width / 2 - (events.length - 1) * 4},${box.height + 5})` });
      g.appendChild(s('title', {}, `${contributionCount(m.graph, n)} backward contribution(s) to .grad`));
      events.slice(0, 24).forEach((ev, i) => {
        g.appendChild(ev.kind === 'backward'
          ? s('circle', { class: 'gs-tl-mini-point', cx: i * 8, cy: 0, r: 2.6 })
          : s('line', { class: 'gs-tl-mini-zero', x1: i * 8, x2: i * 8, y1: -3.5, y2: 3.5 }));
      });
      el.appendChild(g);
    }
  }

  /** Classes for selection, cursor lines, find matches, the chosen backward call and the step. */
  private applyState(): void {
    const m = this.update;
    if (!m) return;
    const call = this.currentCall();
    const ran = new Set(call ? call.steps.map((st) => this.visibleId(st.nodeId)) : []);
    const stepNode = call && this.stepIndex >= 0 ? this.visibleId(call.steps[this.stepIndex]?.nodeId ?? '') : null;
    const matches = new Set(this.matches);
    const selected = this.selected ? this.visibleId(this.selected) : null;
    const lineHits = this.lineNodes();
    for (const [id, el] of this.nodeEls) {
      el.classList.toggle('gs-selected', id === selected);
      el.classList.toggle('gs-ran', ran.has(id));
      el.classList.toggle('gs-step', id === stepNode);
      el.classList.toggle('gs-match', matches.has(id));
      el.classList.toggle('gs-line-hl', lineHits.has(id));
    }
    this.svg.classList.toggle('gs-call-active', call !== null);
  }

  /** The node drawn for an id: itself, or the collapsed group holding it. */
  private visibleId(id: string): string {
    return this.view?.groupOf.get(id) ?? id;
  }

  private lineNodes(): Set<string> {
    const out = new Set<string>();
    if (this.highlighted.size === 0 || !this.update) return out;
    for (const n of this.update.graph.nodes) if (n.line !== undefined && this.highlighted.has(n.line)) out.add(this.visibleId(n.id));
    return out;
  }

  private updateStatus(): void {
    const m = this.update;
    if (!m) { this.status.textContent = ''; return; }
    const g = m.graph;
    const parts = [`${m.fileName}: ${g.nodes.length} nodes, ${g.edges.length} edges, ${g.backwardCalls.length} backward call(s)`];
    if (this.view && this.view.mode !== 'none') parts.push(`grouped by ${this.view.mode === 'scope' ? 'function' : this.view.mode} (${this.view.graph.nodes.length} shown; double-click a group to open it)`);
    if (this.timings) parts.push(`drawn in ${Math.round(this.timings.totalMs)} ms`);
    this.status.textContent = parts.join(' · ');
  }

  // ───────────── interaction ─────────────

  private installPanZoom(): void {
    let drag: { x: number; y: number; px: number; py: number; moved: boolean } | null = null;
    this.canvas.addEventListener('pointerdown', (e) => {
      if (e.button !== 0) return;
      drag = { x: e.clientX, y: e.clientY, px: this.pan.x, py: this.pan.y, moved: false };
    });
    window.addEventListener('pointermove', (e) => {
      if (!drag) return;
      const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
      if (!drag.moved && Math.hypot(dx, dy) < 4) return;
      drag.moved = true;
      this.autoFit = false;
      this.canvas.classList.add('gs-panning');
      this.pan.x = drag.px + dx;
      this.pan.y = drag.py + dy;
      this.applyTransform();
    });
    window.addEventListener('pointerup', (e) => {
      const d = drag;
      drag = null;
      this.canvas.classList.remove('gs-panning');
      if (!d || d.moved) return;
      const nodeEl = (e.target as Element | null)?.closest?.('g.gs-node');
      const id = nodeEl?.getAttribute('data-id');
      if (id && this.canvas.contains(nodeEl!)) this.clickNode(id);
      else if (this.canvas.contains(e.target as Node)) this.select(null);
    });
    this.canvas.addEventListener('dblclick', (e) => {
      const id = (e.target as Element | null)?.closest?.('g.gs-node')?.getAttribute('data-id');
      if (id && isGroupId(id)) this.expandGroup(id);
    });
    this.canvas.addEventListener('wheel', (e) => {
      e.preventDefault();
      const rect = this.canvas.getBoundingClientRect();
      this.zoomBy(Math.exp(-e.deltaY * 0.0015), e.clientX - rect.left, e.clientY - rect.top);
    }, { passive: false });
    this.canvas.addEventListener('keydown', (e) => {
      if (e.key === '+' || e.key === '=') this.zoomBy(1.25);
      else if (e.key === '-') this.zoomBy(0.8);
      else if (e.key === '0' || e.key === 'f') this.fit();
      else if (e.key === 'ArrowRight' && this.callIndex !== null) this.step(1);
      else if (e.key === 'ArrowLeft' && this.callIndex !== null) this.step(-1);
      else return;
      e.preventDefault();
    });
    new ResizeObserver(() => { if (this.drawing && this.autoFit) this.fit(false); }).observe(this.canvas);
  }

  private applyTransform(): void {
    this.viewport.setAttribute('transform', `translate(${this.pan.x.toFixed(2)},${this.pan.y.toFixed(2)}) scale(${this.pan.k.toFixed(4)})`);
  }

  /**
   * Fit the whole graph in the panel. When that would make labels unreadable (a long chain
   * of groups, a very wide graph), an automatic fit keeps a readable zoom and shows the
   * outputs' end, where backward starts; the Fit button (`whole`) always shows everything.
   */
  fit(whole = true): void {
    const d = this.drawing;
    if (!d) return;
    const w = this.canvas.clientWidth || 800, hh = this.canvas.clientHeight || 600;
    const k = Math.min(1.5, Math.max(0.02, Math.min((w - 24) / Math.max(d.width, 1), (hh - 24) / Math.max(d.height, 1))));
    if (!whole && k < MIN_READABLE_ZOOM) {
      const kr = READABLE_ZOOM;
      const right = this.direction === 'RIGHT';
      this.pan = {
        k: kr,
        x: right ? Math.min(12, w - 12 - d.width * kr) : d.width * kr < w ? (w - d.width * kr) / 2 : 12,
        y: right ? (d.height * kr < hh ? (hh - d.height * kr) / 2 : 12) : Math.min(12, hh - 12 - d.height * kr),
      };
    } else this.pan = { k, x: (w - d.width * k) / 2, y: (hh - d.height * k) / 2 };
    this.autoFit = true;
    this.applyTransform();
  }

  private zoomBy(f: number, cx?: number, cy?: number): void {
    const x = cx ?? this.canvas.clientWidth / 2, y = cy ?? this.canvas.clientHeight / 2;
    this.autoFit = false;
    const k = Math.min(8, Math.max(0.02, this.pan.k * f));
    const r = k / this.pan.k;
    this.pan = { k, x: x - (x - this.pan.x) * r, y: y - (y - this.pan.y) * r };
    this.applyTransform();
  }

  private centerInGraph(): { x: number; y: number } | null {
    if (!this.drawing) return null;
    return { x: (this.canvas.clientWidth / 2 - this.pan.x) / this.pan.k, y: (this.canvas.clientHeight / 2 - this.pan.y) / this.pan.k };
  }

  private centerOn(gx: number, gy: number, onlyIfOutside: boolean): void {
    const w = this.canvas.clientWidth, hh = this.canvas.clientHeight;
    const sx = gx * this.pan.k + this.pan.x, sy = gy * this.pan.k + this.pan.y;
    if (onlyIfOutside && sx > 20 && sx < w - 20 && sy > 20 && sy < hh - 20) return;
    this.pan.x = w / 2 - gx * this.pan.k;
    this.pan.y = hh / 2 - gy * this.pan.k;
    this.applyTransform();
  }

  private revealNode(id: string): void {
    const box = this.drawing?.boxes.get(this.visibleId(id));
    if (box) this.centerOn(box.x + box.width / 2, box.y + box.height / 2, true);
  }

  private clickNode(id: string): void {
    if (isGroupId(id)) {
      this.select(id);
      return;
    }
    this.select(id);
    const n = this.node(id);
    if (n) this.post({ v: PROTOCOL_VERSION, kind: 'reveal', nodeId: n.id, ...(n.range ? { range: n.range } : {}) });
  }

  select(id: string | null): void {
    this.selected = id;
    this.applyState();
    this.renderSide();
  }

  private expandGroup(id: string): void {
    this.expanded.add(id);
    void this.redraw(false);
  }

  highlightLines(lines: number[]): void {
    this.highlighted = new Set(lines);
    this.applyState();
    const first = [...this.lineNodes()][0];
    if (first) this.revealNode(first);
  }

  setDirection(d: Direction): void {
    this.direction = d;
    this.syncControls();
    this.saveState();
    void this.redraw(true);
  }

  private syncControls(): void {
    this.dirButton.textContent = this.direction === 'RIGHT' ? 'LR' : 'TB';
    this.dirButton.title = this.direction === 'RIGHT' ? 'Direction: left-to-right (click for top-to-bottom)' : 'Direction: top-to-bottom (click for left-to-right)';
    this.modeSelect.value = this.mode;
  }

  find(query: string): void {
    const q = query.trim().toLowerCase();
    this.matches = [];
    this.matchAt = -1;
    if (q && this.update) {
      const seen = new Set<string>();
      for (const n of this.update.graph.nodes) {
        const hay = `${n.label}\u0000${n.name ?? ''}`.toLowerCase();
        if (!hay.includes(q)) continue;
        const vid = this.visibleId(n.id);
        if (!seen.has(vid)) { seen.add(vid); this.matches.push(vid); }
      }
    }
    this.findCount.textContent = q ? `${this.matches.length} found` : '';
    this.applyState();
    if (this.matches.length) this.nextMatch(1);
  }

  private nextMatch(dir: number): void {
    if (this.matches.length === 0) return;
    this.matchAt = (this.matchAt + dir + this.matches.length) % this.matches.length;
    const id = this.matches[this.matchAt];
    this.findCount.textContent = `${this.matchAt + 1}/${this.matches.length}`;
    this.revealNode(id);
    this.select(id);
  }

  // ───────────── backward calls and the stepper ─────────────

  private fillCallSelect(): void {
    const calls = this.update?.graph.backwardCalls ?? [];
    this.callSelect.replaceChildren(h('option', { attrs: { value: '' } }, calls.length ? 'Backward call: none' : 'No backward call'));
    for (const c of calls) {
      const label = `#${c.index + 1} ${c.kind === 'grad' ? 'autograd.grad' : 'backward'} · line ${c.line} · ${c.steps.length} nodes${c.error ? ' · error' : ''}${c.origin === 'backwardAgain' ? ' · again' : ''}`;
      this.callSelect.appendChild(h('option', { attrs: { value: String(c.index) } }, label));
    }
    this.callSelect.disabled = calls.length === 0;
    this.callSelect.value = this.callIndex === null ? '' : String(this.callIndex);
  }

  private currentCall(): BackwardCall | null {
    if (this.callIndex === null || !this.update) return null;
    return this.update.graph.backwardCalls.find((c) => c.index === this.callIndex) ?? null;
  }

  /** Choose a backward call (highlighting the nodes it ran), optionally at a step. */
  selectCall(index: number | null, stepIndex = -1, reveal = true): void {
    this.callIndex = index;
    const call = this.currentCall();
    this.stepIndex = call ? Math.min(stepIndex, call.steps.length - 1) : -1;
    this.callSelect.value = index === null ? '' : String(index);
    this.applyState();
    this.renderSide();
    if (call && this.stepIndex >= 0) this.onStepChanged(reveal);
  }

  step(delta: number): void {
    const call = this.currentCall();
    if (!call || call.steps.length === 0) return;
    this.stepIndex = Math.max(-1, Math.min(call.steps.length - 1, this.stepIndex + delta));
    this.applyState();
    this.renderSide();
    if (this.stepIndex >= 0) this.onStepChanged(true);
  }

  private onStepChanged(reveal: boolean): void {
    const call = this.currentCall();
    const st = call?.steps[this.stepIndex];
    if (!st) return;
    this.revealNode(st.nodeId);
    const n = this.node(st.nodeId);
    if (reveal && n) this.post({ v: PROTOCOL_VERSION, kind: 'reveal', nodeId: n.id, ...(n.range ? { range: n.range } : {}) });
  }

  // ───────────── side panel ─────────────

  private node(id: string): GraphNode | undefined {
    return this.update?.graph.nodes.find((n) => n.id === id) ?? this.view?.graph.nodes.find((n) => n.id === id);
  }

  private renderSide(): void {
    const parts: HTMLElement[] = [];
    const call = this.currentCall();
    if (call) parts.push(this.stepperView(call));
    if (this.selected) {
      const v = this.selected;
      if (isGroupId(v) && this.view?.groups.has(v)) parts.push(this.groupView(v));
      else {
        const n = this.node(v);
        if (n) parts.push(this.detailsView(n));
      }
    }
    this.side.replaceChildren(...parts);
  }

  private groupView(id: string): HTMLElement {
    const g = this.view!.groups.get(id)!;
    const open = button('Expand', 'Show this group\'s nodes', () => this.expandGroup(id));
    return h('section', { class: 'gs-details' }, h('h3', {}, g.title), h('p', {}, `${g.memberIds.length} nodes grouped into one.`), open);
  }

  private detailsView(n: GraphNode): HTMLElement {
    const m = this.update!.graph;
    const flags: string[] = [];
    if (n.flags.requiresGrad) flags.push('requires_grad');
    if (n.flags.isLeaf) flags.push('is_leaf');
    if (n.flags.retainsGrad) flags.push('retains_grad');
    if (n.flags.freed) flags.push('saved tensors freed');
    if (n.flags.iteration !== undefined) flags.push(`loop iteration ${n.flags.iteration + 1}`);
    const sec = h('section', { class: 'gs-details', attrs: { 'data-node': n.id } },
      h('h3', {}, n.label),
      table([
        ['kind', KIND_NAMES[n.kind]],
        ['name', n.name],
        ['value', n.value],
        ['grad', n.grad === null ? 'None' : n.grad],
        ['shape', n.shape ? `torch.Size([${n.shape.join(', ')}])` : undefined],
        ['dtype', n.dtype],
        ['flags', flags.join(', ')],
        ['hooks', n.flags.hooks ? String(n.flags.hooks) : undefined],
        ['formula', n.formula],
        ['line', n.line !== undefined ? this.lineLink(n) : undefined],
        ['scope', n.scope && n.scope !== '<module>' ? `${n.scope}()` : undefined],
      ]),
    );
    if (n.saved && n.saved.length) {
      const ul = h('ul', { class: 'gs-saved' });
      for (const st of n.saved) {
        const text = `${st.name}${st.short ? ` = ${st.short}` : ''} (version ${st.version})`;
        ul.appendChild(h('li', { class: st.freed ? 'gs-freed-text' : '' }, h('code', {}, text), st.freed ? ` — freed${st.freedAtLine !== undefined ? ` by backward at line ${st.freedAtLine}` : ''}` : ' — alive'));
      }
      sec.append(h('h4', {}, 'Saved tensors'), ul);
    }
    const fired = m.backwardCalls.flatMap((c) => c.hooks.filter((x) => x.nodeId === n.id).map((x) => ({ c, x })));
    if (fired.length) {
      const ul = h('ul', { class: 'gs-hooks-fired' });
      for (const { c, x } of fired) ul.appendChild(h('li', {}, `call #${c.index + 1}: ${x.hookKind} hook `, h('code', {}, `${x.before ?? 'None'} → ${x.after ?? 'None'}`), x.changed ? ' (changed the gradient)' : ''));
      sec.append(h('h4', {}, 'Hooks fired'), ul);
    }
    const leaf = leafFor(m, n);
    if (leaf) {
      const events = timelineOf(m, leaf);
      if (events.length) sec.append(h('h4', {}, `.grad of ${leaf.name ?? leaf.label} over the run`), this.timelineView(events));
    }
    return sec;
  }

  private lineLink(n: GraphNode): HTMLElement {
    const a = h('a', { attrs: { href: '#', title: 'Reveal in the editor' } }, `line ${n.line}`);
    a.addEventListener('click', (e) => {
      e.preventDefault();
      this.post({ v: PROTOCOL_VERSION, kind: 'reveal', nodeId: n.id, ...(n.range ? { range: n.range } : {}) });
    });
    return a;
  }

  private timelineView(events: TimelineEvent[]): HTMLElement {
    const width = 280, y = 28, step = Math.min(48, (width - 20) / Math.max(1, events.length));
    const svg = s('svg', { viewBox: `0 0 ${width} 56`, class: 'gs-tl-chart' });
    svg.appendChild(s('line', { x1: 6, x2: width - 6, y1: y, y2: y, stroke: 'currentColor', 'stroke-opacity': 0.3 }));
    const ol = h('ol');
    events.forEach((ev, i) => {
      const x = 12 + i * step;
      if (ev.kind === 'backward') {
        const pt = s('g', { class: 'gs-tl-point', 'data-call': ev.callIndex, transform: `translate(${x},${y})` }, s('circle', { r: 5, class: 'gs-tl-dot' }), s('title', {}, `backward #${ev.callIndex + 1} (line ${ev.line}): ${ev.before ?? 'None'} → ${ev.after}`));
        pt.addEventListener('click', () => this.selectCall(ev.callIndex));
        svg.appendChild(pt);
        svg.appendChild(s('text', { x, y: y - 10, 'text-anchor': 'middle', 'font-size': 9 }, `#${ev.callIndex + 1}`));
        ol.appendChild(h('li', { class: 'gs-tl-item' }, `backward #${ev.callIndex + 1} (line ${ev.line}${ev.origin === 'backwardAgain' ? ', again' : ''}): `, h('code', {}, ev.before ?? 'None'), ' → ', h('code', {}, ev.after), ev.delta ? h('span', {}, ' (+', h('code', {}, ev.delta), ')') : null));
      } else {
        svg.appendChild(s('g', { class: 'gs-tl-zero', transform: `translate(${x},${y})` }, s('line', { y1: -9, y2: 9, stroke: 'var(--gs-cut)', 'stroke-width': 2.5 }), s('title', {}, `zeroed at line ${ev.line}`)));
        ol.appendChild(h('li', { class: 'gs-tl-zero-text' }, `${ev.how === 'set_to_none' ? '.grad = None' : ev.how === 'zero_' ? '.grad.zero_()' : '.grad assigned'} (line ${ev.line}${ev.origin === 'zeroGrads' ? ', Zero Grads' : ''})`));
      }
    });
    return h('div', { class: 'gs-timeline' }, svg, ol);
  }

  private stepperView(call: BackwardCall): HTMLElement {
    const count = call.steps.length;
    const pos = h('span', { class: 'gs-step-pos' }, this.stepIndex < 0 ? `before step 1 of ${count}` : `step ${this.stepIndex + 1} of ${count}`);
    const nav = h('div', { class: 'gs-stepper-nav' },
      button('⇤', 'Back to the start', () => this.selectCall(call.index, -1)),
      button('◀', 'Previous node', () => this.step(-1)),
      button('▶', 'Next node (in the engine\'s execution order)', () => this.step(1)),
      pos,
      button('✕', 'Stop highlighting this call', () => this.selectCall(null)));
    nav.querySelectorAll('button')[2]?.classList.add('gs-step-next');
    nav.querySelectorAll('button')[1]?.classList.add('gs-step-prev');
    const sec = h('section', { class: 'gs-stepper', attrs: { 'data-call': String(call.index) } },
      h('h3', {}, `${call.kind === 'grad' ? 'autograd.grad' : 'backward()'} at line ${call.line}`),
      h('div', {}, `${count} nodes ran${call.retainGraph ? ', retain_graph=True' : ''}${call.createGraph ? ', create_graph=True' : ''}${call.freedNodeIds.length ? `, freed the saved tensors of ${call.freedNodeIds.length} node(s)` : ''}`),
      call.error ? h('div', { class: 'gs-tl-zero-text' }, call.error) : null,
      nav);
    const st = this.stepIndex >= 0 ? call.steps[this.stepIndex] : null;
    if (st) {
      const n = this.node(st.nodeId);
      const inputs = (this.update?.graph.edges ?? []).filter((e) => e.to === st.nodeId && e.kind === 'flow').sort((a, b) => (a.inputIndex ?? 0) - (b.inputIndex ?? 0));
      const io = h('ul', { class: 'gs-step-io' });
      st.gradOutputs.forEach((g, i) => io.appendChild(h('li', {}, st.gradOutputs.length > 1 ? `incoming grad ${i}: ` : 'incoming grad: ', h('code', {}, g ?? 'None'))));
      st.gradInputs.forEach((g, i) => {
        const target = inputs.find((e) => e.inputIndex === i) ?? inputs[i];
        const to = target ? this.node(target.from) : undefined;
        io.appendChild(h('li', { class: 'gs-step-out' }, `→ ${to ? (to.kind === 'accumulate_grad' ? `AccumulateGrad (${to.name ?? ''})` : to.name ?? to.label) : `input ${i}`}: `, h('code', {}, g ?? 'None')));
      });
      const formula = st.formula ?? n?.formula;
      sec.append(h('h4', {}, n ? n.label : st.nodeId));
      if (formula) sec.append(h('div', { class: 'gs-formula' }, h('code', {}, formula)));
      sec.append(io);
      const fired = call.hooks.filter((x) => x.nodeId === st.nodeId);
      for (const x of fired) sec.append(h('div', { class: 'gs-hook-fired' }, `${x.hookKind} hook: `, h('code', {}, `${x.before ?? 'None'} → ${x.after ?? 'None'}`)));
    }
    return sec;
  }

  // ───────────── legend and export ─────────────

  private buildLegend(): HTMLDivElement {
    const row = (cls: string, label: string, shape: SVGElement): HTMLDivElement => h('div', {}, (() => {
      const svg = s('svg', { viewBox: '0 0 34 16' });
      const g = s('g', { class: cls });
      g.appendChild(shape);
      svg.appendChild(g);
      return svg;
    })(), label);
    const rect = (rx: number): SVGElement => s('rect', { class: 'gs-node-shape', x: 2, y: 2, width: 30, height: 12, rx });
    const edge = (kind: string): SVGElement => s('path', { d: 'M2,8 L32,8' , class: kind });
    const legend = h('div', { class: 'gs-legend', attrs: { 'aria-label': 'Legend' } },
      row('gs-node gs-kind-leaf', 'leaf tensor (variable name)', rect(6)),
      row('gs-node gs-kind-tensor', 'non-leaf tensor', rect(1)),
      row('gs-node gs-kind-grad_fn', 'grad_fn (PyTorch backward node)', rect(4)),
      row('gs-node gs-kind-accumulate_grad', 'AccumulateGrad (writes .grad)', s('polygon', { class: 'gs-node-shape', points: '6,2 28,2 32,8 28,14 6,14 2,8' })),
      row('gs-node gs-kind-output', 'output (backward root)', rect(6)),
      row('gs-node gs-freed', 'saved tensors freed by backward', rect(4)),
      row('gs-node gs-group', 'collapsed group (double-click)', rect(4)),
      row('gs-edge gs-edge-flow', 'gradient flow (drawn forward)', edge('')),
      row('gs-edge gs-edge-cut', 'cut: detach / .data / no_grad', edge('')),
      row('gs-edge gs-edge-saved', 'saved for backward', edge('')),
      row('gs-badge-hook', 'hooks on the tensor', s('circle', { cx: 17, cy: 8, r: 6 })),
    );
    return legend;
  }

  private async exportImage(format: 'svg' | 'png'): Promise<void> {
    if (!this.drawing) return;
    const text = exportSvg(this.viewport, this.drawing.width, this.drawing.height);
    const data = format === 'svg' ? text : await exportPng(text, this.drawing.width, this.drawing.height);
    this.post({ v: PROTOCOL_VERSION, kind: 'exportImage', format, data });
  }
}

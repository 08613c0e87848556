/// <reference lib="dom" />
// Entry of the graph inspector webview (bundled to dist/webview.js, its CSS to dist/webview.css).
import './styles.css';
import { PROTOCOL_VERSION } from '../engine/protocol/messages';
import { App } from './app';
import type { VsCodeApi } from './app';
import { warmUpElk, workerElk } from './elkClient';

declare function acquireVsCodeApi(): VsCodeApi;

// Start the layout worker at once: its script is large, parse it while the host sends the graph.
warmUpElk();
const api: VsCodeApi = acquireVsCodeApi();
const root = document.getElementById('root') ?? document.body.appendChild(document.createElement('div'));
const app = new App(root, api, workerElk());
window.addEventListener('message', (e: MessageEvent) => app.receive(e.data));
(window as unknown as { gradscope: App; gradscopeElk: unknown }).gradscope = app;
(window as unknown as { gradscopeElk: unknown }).gradscopeElk = workerElk(); // for tests and diagnostics
api.postMessage({ v: PROTOCOL_VERSION, kind: 'ready' });

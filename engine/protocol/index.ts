// The data contract between the engine's recorder, the worker, the extension host and the
// graph webview: plain-JSON trace types, versioned messages, and guards.
export * from './trace';
export * from './messages';
export * from './guards';

// `npm run bench:webview`: the graph panel benchmark on its own (see bench/webview.ts).
import { resolve } from 'node:path';
import { benchWebview, formatWebviewBench } from './webview';

void benchWebview(resolve(__dirname, '..')).then((rows) => {
  process.stdout.write(formatWebviewBench(rows) + '\n');
  for (const r of rows) process.stdout.write(`RESULT webview_${r.size} ${(r.panelMs ?? r.layoutMs + r.renderMs).toFixed(1)} ms\n`);
});

import { defineConfig } from 'vitest/config';
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/vscode/**', 'test/webview/**', 'node_modules/**'],
    testTimeout: 60000,
    pool: 'threads',
    setupFiles: ['test/setup.ts'],
  },
});

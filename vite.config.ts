import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The editor is the only thing that is built; runtime/, nodes/ and server/ run through tsx.
export default defineConfig({
  root: 'editor',
  plugins: [react()],
  build: {
    outDir: '../dist/editor',
    emptyOutDir: true,
  },
  server: {
    host: '127.0.0.1',
    // `npx vite` for editor work: the API, webhooks and public pages come from `npm start` on :3000.
    proxy: Object.fromEntries(
      ['/api', '/healthz', '/readyz', '/webhook', '/s/', '/chat/', '/widget.js'].map((path) => [
        path,
        'http://127.0.0.1:3000',
      ]),
    ),
  },
});

import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The editor is the only thing that is built; runtime/, nodes/ and server/ run through tsx.
// `npm run dev:editor`-style use: `npx vite` serves the editor and proxies the API to a running server.
export default defineConfig({
  root: 'editor',
  plugins: [react()],
  build: {
    outDir: '../dist/editor',
    emptyOutDir: true,
    // Lazy chunks (form library, layout engine, run screens) are measured by bench/editor.
    chunkSizeWarningLimit: 600,
  },
  server: {
    proxy: {
      '/api': process.env.MUSUBI_API_URL ?? 'http://127.0.0.1:3000',
      '/webhook': process.env.MUSUBI_API_URL ?? 'http://127.0.0.1:3000',
    },
  },
});

import { defineConfig } from 'vite';

// The editor is the only thing that is built; runtime/, nodes/ and server/ run through tsx.
export default defineConfig({
  root: 'editor',
  build: {
    outDir: '../dist/editor',
    emptyOutDir: true,
  },
});

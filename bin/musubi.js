#!/usr/bin/env node
// The `musubi` command. Runs the TypeScript sources through tsx, so the CLI needs no build step;
// paths are relative to this file, so it works from any directory.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
const { runCli } = await import('../server/cli.ts');
process.exitCode = await runCli({ argv: process.argv.slice(2), env: process.env, cwd: process.cwd() });

#!/usr/bin/env node
// The `anp` command: runs the TypeScript CLI from source through tsx.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import(new URL('../app/cli/main.ts', import.meta.url).href);
process.exit(await runCli(process.argv.slice(2)));

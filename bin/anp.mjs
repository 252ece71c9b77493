#!/usr/bin/env node
// The `anp` command: runs the TypeScript CLI from source through tsx, with the app's commands and
// research's (research/cli/index.ts registers them; app/ never imports research/).
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import(new URL('../app/cli/main.ts', import.meta.url).href);
const { commands } = await import(new URL('../research/cli/index.ts', import.meta.url).href);
process.exit(await runCli(process.argv.slice(2), commands));

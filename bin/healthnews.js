#!/usr/bin/env node
// The `healthnews` command. Runs the TypeScript sources through tsx so that `npx healthnews`
// works straight after `npm ci`, with no build step to forget and no stale build to run.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
await main();

#!/usr/bin/env node
// The `boomerang` command. The sources are TypeScript run through tsx, so there is no
// build step between `npm ci` and `npx boomerang`.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');

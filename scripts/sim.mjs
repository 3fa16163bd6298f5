#!/usr/bin/env node
// `npm run sim -- [flags]`: builds the Proxmox VE simulator when needed and runs it in the foreground.
import path from 'node:path';
import { spawn } from 'node:child_process';
import { buildAll } from './lib/build.mjs';
import { checkNode, ensureDependencies, ROOT } from './lib/deps.mjs';
import { log } from './lib/log.mjs';

try {
  checkNode();
  ensureDependencies();
  buildAll({ only: ['simulator'] });
} catch (err) {
  log.fail(err.message);
  process.exit(1);
}
const child = spawn(
  process.execPath,
  [path.join(ROOT, 'simulator/dist/cli.js'), ...process.argv.slice(2)],
  {
    stdio: 'inherit',
  },
);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 1));

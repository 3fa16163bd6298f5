#!/usr/bin/env node
// `npm run db:migrate | db:seed | create-admin -- --email ...`: runs the backend CLI, building the
// backend first when backend/dist is missing.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'backend', 'dist', 'cli.js');

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (!existsSync(cli)) {
  console.log('backend is not built yet: building it first…');
  if (!existsSync(join(root, 'backend', 'src', 'generated', 'prisma'))) {
    run(process.execPath, [join(root, 'scripts', 'prisma-generate.mjs')]);
  }
  run('npm', ['run', 'build', '-w', 'contracts', '--silent']);
  run('npm', ['run', 'build', '-w', 'backend', '--silent']);
}

const r = spawnSync(process.execPath, [cli, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(r.status ?? 1);

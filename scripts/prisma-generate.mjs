#!/usr/bin/env node
// Runs `prisma generate` without network access. Prisma's CLI insists on locating its schema-engine
// binary even though `generate` never calls it; we point it at a stub so no download is attempted.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stubDir = join(root, 'node_modules', '.cache', 'multpanel-prisma');
const stub = join(stubDir, 'schema-engine');

const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1' };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY) {
  if (!existsSync(stub)) {
    mkdirSync(stubDir, { recursive: true });
    writeFileSync(
      stub,
      '#!/bin/sh\necho "multpanel: Prisma schema engine is not available offline; use npm run db:migrate" >&2\nexit 1\n',
    );
    chmodSync(stub, 0o755);
  }
  env.PRISMA_SCHEMA_ENGINE_BINARY = stub;
}

const cli = join(root, 'node_modules', 'prisma', 'build', 'index.js');
const result = spawnSync(process.execPath, [cli, 'generate', ...process.argv.slice(2)], {
  cwd: root,
  env,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);

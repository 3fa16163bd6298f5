import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadPveSchema, readSchemaJson, SCHEMA_FILE } from '../src/schema/schema-loader';

// The reference copy some developer machines keep beside the repository (or beside the folder of
// its worktrees); a plain clone has none.
function findShared(): string | undefined {
  let dir = path.resolve(__dirname, '../..');
  for (let i = 0; i < 3; i++) {
    dir = path.dirname(dir);
    const file = path.join(dir, 'shared', 'pve-api', 'apidata.json');
    if (existsSync(file)) return file;
  }
  return undefined;
}
const SHARED = findShared();
if (!SHARED)
  console.warn(
    '../shared/pve-api/apidata.json is absent: comparison with the reference copy skipped',
  );

describe('the PVE 9.1 schema carried in the repository', () => {
  it('lives inside the simulator package', () => {
    expect(path.relative(path.resolve(__dirname, '..'), SCHEMA_FILE)).toBe(
      path.join('schema', 'apidata.json.gz'),
    );
  });

  it('is upstream apidata.json as recorded in schema/README.md', () => {
    const sha = createHash('sha256').update(readSchemaJson()).digest('hex');
    expect(sha).toBe('9d861ef159e8a01f6152c92e78fcdabfb309eaa604327728f5089fbbb154e286');
  });

  it('has the 649 endpoints of PVE 9.1', () => {
    const count: Record<string, number> = {};
    for (const e of loadPveSchema().endpoints) count[e.method] = (count[e.method] ?? 0) + 1;
    expect(count).toEqual({ GET: 327, POST: 169, PUT: 79, DELETE: 74 });
  });

  (SHARED ? it : it.skip)('matches ../shared/pve-api/apidata.json byte for byte', () => {
    expect(readSchemaJson() === readFileSync(SHARED!, 'utf8')).toBe(true);
  });
});

import { loadPveSchema } from '@multpanel/simulator';
import type { PveApiTreeNode } from '@multpanel/contracts';
import { pveEndpoint, pveTree, searchPve } from './pve-catalog';

describe('PVE catalog', () => {
  const flatten = (list: PveApiTreeNode[]): PveApiTreeNode[] =>
    list.flatMap((n) => [n, ...flatten(n.children)]);

  it('puts every documented method+path in the tree exactly once, children under parents', () => {
    const nodes = flatten(pveTree());
    const pairs = nodes.flatMap((n) => n.methods.map((m) => `${m} ${n.path}`));
    const schema = loadPveSchema().endpoints.map((e) => `${e.method} ${e.path}`);
    expect(new Set(pairs).size).toBe(pairs.length);
    expect(pairs.sort()).toEqual([...new Set(schema)].sort());
    for (const n of nodes) {
      for (const c of n.children) expect(c.path.startsWith(`${n.path}/`)).toBe(true);
    }
  });

  it('searches every word in path, name and description, one page at a time', () => {
    const all = searchPve({ search: 'qemu snapshot', page: 1, pageSize: 200 });
    expect(all.total).toBeGreaterThan(3);
    expect(all.items.every((e) => /qemu/.test(e.path) && /snapshot/i.test(JSON.stringify(e)))).toBe(
      true,
    );
    const second = searchPve({ search: 'qemu snapshot', page: 2, pageSize: 2 });
    expect(second.items).toEqual(all.items.slice(2, 4));
    expect(searchPve({ search: 'no-such-thing-anywhere', page: 1, pageSize: 10 }).total).toBe(0);
  });

  it('describes parameters with type, format, enum, optional and default', () => {
    const ep = pveEndpoint('POST', '/nodes/{node}/qemu/{vmid}/status/start')!;
    expect(ep.parameters[0]).toMatchObject({ name: 'node', inPath: true, optional: false });
    const machine = ep.parameters.find((p) => p.name === 'migration_type');
    expect(machine).toMatchObject({ optional: true, enum: ['secure', 'insecure'] });
    expect(pveEndpoint('GET', '/nodes/{node}/qemu/{vmid}/status/start')).toBeNull();
  });
});

import { hasPriv } from '../auth/acl';
import { PveError } from '../errors';
import type { Router } from '../router';
import type { ClusterState } from '../world/types';
import { index, splitList } from './helpers';

// Cluster-wide hardware mappings: PCI (GPU passthrough) and USB.

/** USB mappings, seeded with the SanDisk stick every simulated node has in /hardware/usb. */
function usbMappings(c: ClusterState) {
  c.usbMappings ??= {
    'backup-key': {
      description: 'SanDisk Ultra Fit holding the offline backup key',
      map: [`id=0781:5583,node=${c.nodes[0].name},path=1-1`],
    },
  };
  return c.usbMappings;
}

const MAPPING_PRIVS = ['Mapping.Audit', 'Mapping.Use', 'Mapping.Modify'];

export function registerMappingRoutes(r: Router): void {
  // PCI mappings (GPU passthrough)
  r.add('GET', '/cluster/mapping', () => index(['pci', 'usb', 'dir']));
  r.add('GET', '/cluster/mapping/pci', (ctx) =>
    Object.entries(ctx.c.pciMappings)
      .filter(([id]) => hasPriv(ctx.c, ctx.auth, `/mapping/pci/${id}`, MAPPING_PRIVS, true))
      .map(([id, m]) => ({
        id,
        description: m.description ?? '',
        map: m.map,
        ...(ctx.p['check-node'] ? { checks: [] } : {}),
      })),
  );
  r.add('POST', '/cluster/mapping/pci', (ctx) => {
    const id = String(ctx.p.id);
    if (ctx.c.pciMappings[id]) throw new PveError(500, `pci mapping '${id}' already exists`);
    ctx.c.pciMappings[id] = {
      description: ctx.p.description as string | undefined,
      map: splitList(ctx.p.map).length
        ? Array.isArray(ctx.p.map)
          ? ctx.p.map.map(String)
          : [String(ctx.p.map)]
        : [],
      mdev: ctx.p.mdev as 0 | 1 | undefined,
      'live-migration-capable': ctx.p['live-migration-capable'] as 0 | 1 | undefined,
    };
    return null;
  });
  r.add('GET', '/cluster/mapping/pci/{id}', (ctx) => {
    const m = ctx.c.pciMappings[String(ctx.p.id)];
    if (!m) throw new PveError(500, `PCI mapping '${ctx.p.id}' not found`);
    return {
      id: ctx.p.id,
      type: 'pci',
      description: m.description ?? '',
      map: m.map,
      ...(m.mdev !== undefined ? { mdev: m.mdev } : {}),
      digest: '0'.repeat(40),
    };
  });
  r.add('PUT', '/cluster/mapping/pci/{id}', (ctx) => {
    const m = ctx.c.pciMappings[String(ctx.p.id)];
    if (!m) throw new PveError(500, `PCI mapping '${ctx.p.id}' not found`);
    if (ctx.p.description !== undefined) m.description = String(ctx.p.description);
    if (ctx.p.map !== undefined)
      m.map = Array.isArray(ctx.p.map) ? ctx.p.map.map(String) : [String(ctx.p.map)];
    if (ctx.p.mdev !== undefined) m.mdev = ctx.p.mdev as 0 | 1;
    return null;
  });
  r.add('DELETE', '/cluster/mapping/pci/{id}', (ctx) => {
    if (!ctx.c.pciMappings[String(ctx.p.id)])
      throw new PveError(500, `PCI mapping '${ctx.p.id}' not found`);
    delete ctx.c.pciMappings[String(ctx.p.id)];
    return null;
  });

  r.add('GET', '/cluster/mapping/usb', (ctx) => {
    const node = ctx.p['check-node'] as string | undefined;
    if (node) ctx.rt.node(node);
    const all = usbMappings(ctx.c);
    const digest = '0'.repeat(40);
    return Object.entries(all)
      .filter(([id]) => hasPriv(ctx.c, ctx.auth, `/mapping/usb/${id}`, MAPPING_PRIVS, true))
      .map(([id, m]) => ({
        id,
        description: m.description ?? '',
        map: m.map,
        digest,
        ...(node ? { errors: usbChecks(m.map, node) } : {}),
      }));
  });
  r.add('GET', '/cluster/mapping/usb/{id}', (ctx) => {
    const m = usbMappings(ctx.c)[String(ctx.p.id)];
    if (!m) throw new PveError(500, `USB mapping '${ctx.p.id}' not found`);
    return {
      id: ctx.p.id,
      type: 'usb',
      description: m.description ?? '',
      map: m.map,
      digest: '0'.repeat(40),
    };
  });
}

/** The warnings PVE adds with `check-node`: a mapping without an entry for that node. */
function usbChecks(map: string[], node: string): Array<{ severity: string; message: string }> {
  return map.some((e) => new RegExp(`(?:^|,)node=${node}(?:,|$)`).test(e))
    ? []
    : [{ severity: 'warning', message: `No mapping for node ${node}.` }];
}

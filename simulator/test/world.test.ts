import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSimulator } from '../src';
import {
  generateCluster,
  OPNSENSE_TEMPLATE,
  QEMU_TEMPLATES,
  TEMPLATE_BLOCK,
} from '../src/world/generate';
import { PveTestClient } from './pve-client';

describe('generated world', () => {
  it('keeps the templates 9000–9002 distinct with 10,000 guests: regular guests skip the template block', () => {
    const c = generateCluster({ name: 'big', index: 1, nodes: 3, guests: 10_000, seed: 1 });
    expect(c.guests.size).toBe(10_000);
    const templates = [...c.guests.values()].filter((g) => g.config.template);
    expect(templates.map((g) => [g.vmid, g.config.name])).toEqual(
      QEMU_TEMPLATES.map((t) => [t.vmid, t.name]),
    );
    const inBlock = [...c.guests.keys()].filter(
      (id) => id >= TEMPLATE_BLOCK.first && id <= TEMPLATE_BLOCK.last,
    );
    expect(inBlock).toEqual([9000, 9001, 9002]);
    expect(Math.max(...c.guests.keys())).toBe(100 + 10_000 - 3 - 1 + 100);
  });

  it('a small world keeps its VMIDs 100… as before', () => {
    const c = generateCluster({ name: 'small', index: 1, nodes: 3, guests: 30, seed: 1 });
    expect([...c.guests.keys()].filter((id) => id < 9000)).toEqual(
      Array.from({ length: 27 }, (_, i) => 100 + i),
    );
  });

  it('adds the OPNsense template on request without changing the rest of the world', () => {
    const plain = generateCluster({ name: 'demo', index: 1, nodes: 3, guests: 30, seed: 1 });
    const demo = generateCluster({
      name: 'demo',
      index: 1,
      nodes: 3,
      guests: 30,
      seed: 1,
      applianceTemplates: true,
    });
    expect(plain.guests.has(OPNSENSE_TEMPLATE.vmid)).toBe(false);
    const opn = demo.guests.get(OPNSENSE_TEMPLATE.vmid)!;
    expect([opn.type, opn.config.name, opn.config.template, opn.config.ostype]).toEqual([
      'qemu',
      'opnsense-26.1',
      1,
      'other',
    ]);
    expect(opn.config.ide2).toBeUndefined();
    demo.guests.delete(OPNSENSE_TEMPLATE.vmid);
    // same guests (MACs come from the world's random stream), volumes and task history
    const shape = (c: typeof plain) => ({
      guests: [...c.guests.values()].map((g) => [
        g.vmid,
        g.node,
        g.status,
        g.config.name ?? g.config.hostname,
        g.config.net0,
      ]),
      volumes: c.volumes.map((v) => v.volid),
      tasks: c.tasks.length,
    });
    expect(shape(demo)).toEqual(shape(plain));
  });

  it('keeps guest agents, HA rules, USB mappings and fabrics in --state across restarts', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pve-sim-state-'));
    const state = path.join(dir, 'world.json');
    const opts = { quiet: true, taskSpeed: 0, guests: 12, consoleQemu: false, state };
    try {
      const first = await startSimulator(opts);
      const api = new PveTestClient(first.clusters[0].url, first.certPem);
      await api.login();
      const vm = [...first.runtimes[0].state.guests.values()].find(
        (g) => g.type === 'qemu' && !g.config.template,
      )!;
      await api.request('POST', `/_sim/guests/${vm.vmid}/agent`, { running: 0 }, { raw: true });
      await api.ok(api.post('/cluster/ha/resources', { sid: `vm:${vm.vmid}` }));
      await api.ok(
        api.post('/cluster/ha/rules', {
          rule: 'kept',
          type: 'node-affinity',
          resources: `vm:${vm.vmid}`,
          nodes: 'pve1',
        }),
      );
      await api.ok(api.get('/cluster/mapping/usb'));
      await first.close();
      const second = await startSimulator(opts);
      try {
        const c = second.runtimes[0].state;
        expect(c.guests.get(vm.vmid)!.guestAgent).toBe(false);
        expect(Object.keys(c.haRules ?? {})).toEqual(['kept']);
        expect(Object.keys(c.usbMappings ?? {})).toEqual(['backup-key']);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lists the templates through the API of a 10,000-guest cluster', async () => {
    const sim = await startSimulator({ quiet: true, guests: 10_000, consoleQemu: false });
    try {
      const api = new PveTestClient(sim.clusters[0].url, sim.certPem);
      await api.login();
      const rows = await api.ok(
        api.get<Array<{ vmid: number; template: number; name: string }>>('/cluster/resources', {
          type: 'vm',
        }),
      );
      expect(rows).toHaveLength(10_000);
      expect(rows.filter((r) => r.template === 1).map((r) => r.vmid)).toEqual([9000, 9001, 9002]);
      const cfg = await api.ok(
        api.get<{ template: number; name: string }>('/nodes/pve1/qemu/9001/config'),
      );
      expect(cfg).toMatchObject({ template: 1, name: 'ubuntu-24.04-cloud' });
    } finally {
      await sim.close();
    }
  });
});

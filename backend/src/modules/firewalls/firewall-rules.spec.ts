import { createFirewallChangeSchema } from '@multpanel/contracts';
import {
  buildDiff,
  insideNetworks,
  inverseOperations,
  targetIssues,
  toWire,
} from './firewall-rules';

describe('firewall rules', () => {
  it('checks addresses and networks against the company networks', () => {
    expect(insideNetworks('10.20.0.10', ['10.20.0.0/24'])).toBe(true);
    expect(insideNetworks('10.20.0.0/25', ['10.20.0.0/24'])).toBe(true);
    expect(insideNetworks('10.20.0.0/16', ['10.20.0.0/24'])).toBe(false);
    expect(insideNetworks('10.21.0.1', ['10.20.0.0/24'])).toBe(false);
    expect(insideNetworks('web', ['10.20.0.0/24'])).toBe(false);
  });

  it('refuses port forwards to addresses outside, networks and aliases', () => {
    const ops = createFirewallChangeSchema.parse({
      operations: [
        { op: 'create', kind: 'd_nat', item: { target: '10.20.0.10', 'destination.port': '443' } },
        { op: 'create', kind: 'd_nat', item: { target: '192.0.2.5', 'destination.port': '80' } },
        { op: 'create', kind: 'd_nat', item: { target: 'webservers', 'destination.port': '80' } },
        { op: 'create', kind: 'source_nat', item: { interface: 'wan', source_net: 'any' } },
      ],
    }).operations;
    expect(targetIssues(ops, ['10.20.0.0/24']).map((i) => i.path)).toEqual([
      'operations.1.item.target',
      'operations.2.item.target',
    ]);
    expect(targetIssues(ops.slice(0, 1), [])[0]?.message).toMatch(/no IP ranges/);
  });

  it('validates port ranges in the contract', () => {
    const bad = createFirewallChangeSchema.safeParse({
      operations: [{ op: 'create', kind: 'filter', item: { destination_port: '70000' } }],
    });
    expect(bad.success).toBe(false);
    const reversed = createFirewallChangeSchema.safeParse({
      operations: [
        { op: 'update', kind: 'd_nat', uuid: 'a'.repeat(36), item: { 'local-port': '90-80' } },
      ],
    });
    expect(reversed.success).toBe(false);
    const ok = createFirewallChangeSchema.safeParse({
      operations: [
        {
          op: 'create',
          kind: 'filter',
          item: { interface: 'wan', action: 'pass', destination_port: '8000-8080' },
        },
      ],
    });
    expect(ok.success).toBe(true);
  });

  it('nests dotted fields for the wire and previews a diff', () => {
    expect(toWire({ 'destination.port': '443', target: 'x' })).toEqual({
      destination: { port: '443' },
      target: 'x',
    });
    const ops = createFirewallChangeSchema.parse({
      operations: [
        { op: 'update', kind: 'filter', uuid: 'b'.repeat(36), item: { destination_port: '22' } },
      ],
    }).operations;
    const diff = buildDiff(ops, {
      filter: [{ uuid: 'b'.repeat(36), destination_port: '443', action: 'pass' }],
    });
    expect(diff).toEqual([
      {
        op: 'update',
        kind: 'filter',
        uuid: 'b'.repeat(36),
        before: { destination_port: '443', action: 'pass' },
        after: { destination_port: '22', action: 'pass' },
      },
    ]);
    expect(buildDiff(ops, { filter: [] })).toEqual({ missing: { index: 0, uuid: 'b'.repeat(36) } });
  });

  it('undoes an applied change set last operation first, with the recorded uuids', () => {
    const u = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
    const inverse = inverseOperations([
      { op: 'create', kind: 'alias', uuid: u(1), before: null, after: { name: 'web' } },
      {
        op: 'update',
        kind: 'd_nat',
        uuid: u(2),
        before: { target: '10.0.0.5', 'destination.port': '443', sequence: '3' },
        after: { target: '10.0.0.6', 'destination.port': '443', sequence: '3' },
      },
      {
        op: 'delete',
        kind: 'filter',
        uuid: u(3),
        before: { action: 'pass', interface: 'lan', source_port: '', sequence: '7' },
        after: null,
      },
    ]);
    expect(inverse).toEqual([
      { op: 'create', kind: 'filter', item: { action: 'pass', interface: 'lan' } },
      { op: 'update', kind: 'd_nat', uuid: u(2), item: { target: '10.0.0.5' } },
      { op: 'delete', kind: 'alias', uuid: u(1) },
    ]);
    // every inverse passes the same validation as a change set typed by hand
    expect(createFirewallChangeSchema.safeParse({ operations: inverse }).success).toBe(true);
    expect(
      inverseOperations([{ op: 'create', kind: 'alias', uuid: null, before: null, after: {} }]),
    ).toEqual({ unrecorded: 0 });
  });
});

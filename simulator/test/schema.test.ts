import { checkPveRequest } from '../src';
import { checkPropertyString, perlRegex } from '../src/schema/param-validator';
import { checkReturns } from '../src/schema/returns-checker';
import { loadPveSchema } from '../src/schema/schema-loader';
import { pruneMark } from '../src/world/prune';

describe('checkPveRequest (client contract helper)', () => {
  it('accepts valid requests with concrete paths and the /api2/json prefix', () => {
    expect(checkPveRequest('POST', '/api2/json/nodes/pve1/qemu/100/status/start', {})).toEqual([]);
    expect(
      checkPveRequest('POST', '/nodes/pve1/qemu', {
        vmid: 120,
        scsi0: 'local-lvm:32,iothread=1',
        net0: 'virtio=BC:24:11:00:00:01,bridge=vmbr0,tag=20',
        hostpci0: 'mapping=gpu,pcie=1',
        ipconfig0: 'ip=dhcp',
      }),
    ).toEqual([]);
    expect(
      checkPveRequest(
        'GET',
        '/nodes/pve1/tasks/UPID%3Apve1%3A00000001%3A00000001%3A00000001%3Aqmstart%3A100%3Aroot%40pam%3A/status',
      ),
    ).toEqual([]);
  });
  it('reports unknown endpoints, undeclared and missing params, and invalid values', () => {
    expect(checkPveRequest('GET', '/nodes/pve1/nope')[0]).toMatch(/unknown endpoint/);
    expect(checkPveRequest('POST', '/nodes/pve1/qemu/100/status/start', { foo: 1 })).toEqual([
      'foo: property is not defined in schema and the schema does not allow additional properties',
    ]);
    expect(checkPveRequest('GET', '/nodes/pve1/qemu/100/rrddata', {})).toEqual([
      'timeframe: property is missing and it is not optional',
    ]);
    expect(
      checkPveRequest('GET', '/nodes/pve1/qemu/100/rrddata', { timeframe: 'hour', cf: 'MIN' })[0],
    ).toMatch(/^cf: value 'MIN' does not have a value in the enumeration/);
    expect(
      checkPveRequest('POST', '/nodes/pve1/qemu/100/status/start', { skiplock: 'yes please' })[0],
    ).toMatch(/boolean/);
    expect(checkPveRequest('POST', '/nodes/pve1/qemu', { vmid: 99 })[0]).toMatch(/vmid/);
    expect(
      checkPveRequest('POST', '/nodes/pve1/qemu', {
        vmid: 120,
        net0: 'virtio,bridge=vmbr0,vlan=5',
      })[0],
    ).toMatch(/net0: invalid format - unknown key 'vlan'/);
    expect(checkPveRequest('POST', '/nodes/pve1/qemu', { vmid: 120, net99: 'virtio' })[0]).toMatch(
      /net99/,
    );
  });
});

describe('parameter dialect', () => {
  it('translates Perl regexes', () => {
    expect(perlRegex('(?^:\\d+(?:-\\d+)?(?:;\\d+(?:-\\d+)?)*)')!.test('10;20-30')).toBe(true);
    expect(perlRegex('(?^i:[a-z]+)')!.test('ABC')).toBe(true);
    expect(perlRegex('[a-z]+')!.test('abc1')).toBe(false);
  });
  it('parses property strings with default keys and key aliases', () => {
    const fmt = {
      model: { type: 'string', enum: ['virtio', 'e1000'], default_key: 1 },
      macaddr: { type: 'string', optional: 1 },
      virtio: { alias: 'macaddr', keyAlias: 'model' },
      bridge: { type: 'string', optional: 1 },
      tag: { type: 'integer', minimum: 1, maximum: 4094, optional: 1 },
    };
    expect(checkPropertyString('virtio=AA:BB:CC:DD:EE:FF,bridge=vmbr0', fmt)).toEqual({
      values: { model: 'virtio', macaddr: 'AA:BB:CC:DD:EE:FF', bridge: 'vmbr0' },
    });
    expect(checkPropertyString('e1000,tag=5000', fmt).error).toMatch(
      /tag: value must have a maximum value of 4094/,
    );
    expect(checkPropertyString('rtl', fmt).error).toMatch(/enumeration/);
  });
});

describe('prune-backups retention (PVE semantics)', () => {
  const at = (iso: string) => Math.floor(Date.parse(iso) / 1000);
  const mk = (isos: string[]) => isos.map((iso, i) => ({ volid: `b${i}`, ctime: at(iso) }));

  it('keep-last keeps the N newest', () => {
    const r = pruneMark(
      mk(['2026-01-01T01:00:00Z', '2026-01-02T01:00:00Z', '2026-01-03T01:00:00Z']),
      { 'keep-last': 2 },
    );
    expect(Object.fromEntries(r.map((e) => [e.volid, e.mark]))).toEqual({
      b2: 'keep',
      b1: 'keep',
      b0: 'remove',
    });
  });
  it('keep-daily keeps the newest per day and skips days already covered by keep-last', () => {
    const list = mk([
      '2026-01-01T01:00:00Z',
      '2026-01-01T09:00:00Z',
      '2026-01-02T01:00:00Z',
      '2026-01-02T05:00:00Z',
      '2026-01-03T01:00:00Z',
    ]);
    const r = pruneMark(list, { 'keep-last': 1, 'keep-daily': 2 });
    // b4 (Jan 3) kept by keep-last; keep-daily then takes Jan 2 (b3) and Jan 1 (b1)
    expect(Object.fromEntries(r.map((e) => [e.volid, e.mark]))).toEqual({
      b4: 'keep',
      b3: 'keep',
      b2: 'remove',
      b1: 'keep',
      b0: 'remove',
    });
  });
  it('weekly uses ISO weeks, monthly and yearly buckets, protected never counts', () => {
    const list = [
      ...mk([
        '2025-12-29T00:00:00Z',
        '2026-01-04T00:00:00Z',
        '2026-01-05T00:00:00Z',
        '2025-11-15T00:00:00Z',
        '2024-06-01T00:00:00Z',
      ]),
      { volid: 'p', ctime: at('2026-01-06T00:00:00Z'), protected: true },
    ];
    const r = Object.fromEntries(
      pruneMark(list, { 'keep-weekly': 2, 'keep-yearly': 3 }).map((e) => [e.volid, e.mark]),
    );
    // 2025-12-29 and 2026-01-04 share ISO week 2026-W01; 2026-01-05 is W02
    expect(r).toEqual({
      p: 'protected',
      b2: 'keep',
      b1: 'keep',
      b0: 'remove',
      b3: 'keep',
      b4: 'keep',
    });
  });
  it('keep-all or no options keep everything', () => {
    expect(
      pruneMark(mk(['2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z']), {}).every(
        (e) => e.mark === 'keep',
      ),
    ).toBe(true);
    expect(pruneMark(mk(['2026-01-01T00:00:00Z']), { 'keep-all': 1, 'keep-last': 1 })[0].mark).toBe(
      'keep',
    );
  });
});

describe('returns checker', () => {
  it('flags missing required properties, wrong types and enum violations', () => {
    const def = loadPveSchema().get('GET', '/nodes')!.def.returns;
    expect(checkReturns(def, [{ node: 'pve1', status: 'online' }])).toEqual([]);
    expect(checkReturns(def, [{ status: 'up' }])).toEqual([
      'data[0].node: required property missing',
      "data[0].status: 'up' not in enum unknown|online|offline",
    ]);
    expect(checkReturns(def, { node: 'x' })).toEqual(['data: expected array, got object']);
  });
});

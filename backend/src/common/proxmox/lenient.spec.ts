import { parsePropertyString, parseTags, toBool, toInt, toNumber } from './lenient';
import { isUpid, parseUpid } from './upid';
import { Semaphore } from './semaphore';
import { normalizeFingerprint } from './tls-pinning';

describe('lenient parsing', () => {
  it('accepts numbers and booleans in the loose forms Proxmox sends', () => {
    expect(toNumber('42')).toBe(42);
    expect(toNumber('0.25')).toBe(0.25);
    expect(toNumber('abc')).toBeUndefined();
    expect(toNumber('')).toBeUndefined();
    expect(toInt('101')).toBe(101);
    expect(toBool(1)).toBe(true);
    expect(toBool('0')).toBe(false);
    expect(toBool(0)).toBe(false);
    expect(toBool(undefined)).toBeUndefined();
  });

  it('splits tags and property strings', () => {
    expect(parseTags('web;prod;;db')).toEqual(['web', 'prod', 'db']);
    expect(parseTags(undefined)).toEqual([]);
    expect(parsePropertyString('virtio=AA:BB,bridge=vmbr0,firewall=1', 'model')).toEqual({
      virtio: 'AA:BB',
      bridge: 'vmbr0',
      firewall: '1',
    });
    expect(parsePropertyString('local-lvm:vm-100-disk-0,size=32G', 'file')).toEqual({
      file: 'local-lvm:vm-100-disk-0',
      size: '32G',
    });
  });
});

describe('UPID', () => {
  it('parses the node, type, id and owner', () => {
    const u = parseUpid('UPID:pve1:000A1B2C:01234567:66F0A1B2:qmstart:100:root@pam!mp:');
    expect(u).toMatchObject({
      node: 'pve1',
      type: 'qmstart',
      id: '100',
      user: 'root@pam!mp',
      pid: 0xa1b2c,
    });
    expect(u.startTime.getTime()).toBe(0x66f0a1b2 * 1000);
    expect(isUpid('UPID:pve1:000A1B2C:01234567:66F0A1B2:vzdump::root@pam:')).toBe(true);
    expect(isUpid('not-a-upid')).toBe(false);
    expect(() => parseUpid('UPID:pve1:zz')).toThrow(/Not a Proxmox task id/);
  });
});

describe('Semaphore', () => {
  it('serves waiters in order and never exceeds the limit', async () => {
    const s = new Semaphore(2);
    const order: number[] = [];
    let peak = 0;
    await Promise.all(
      [1, 2, 3, 4, 5].map((i) =>
        s.run(async () => {
          peak = Math.max(peak, s.inUse);
          await new Promise((r) => setTimeout(r, 5));
          order.push(i);
        }),
      ),
    );
    expect(peak).toBe(2);
    expect(order).toEqual([1, 2, 3, 4, 5]);
    expect(s.inUse).toBe(0);
  });
});

describe('normalizeFingerprint', () => {
  it('accepts lower case and missing colons, rejects wrong lengths', () => {
    const hex = 'ab'.repeat(32);
    expect(normalizeFingerprint(hex)).toBe(Array(32).fill('AB').join(':'));
    expect(normalizeFingerprint(`sha256:${hex}`)).toBe(Array(32).fill('AB').join(':'));
    expect(() => normalizeFingerprint('AB:CD')).toThrow();
  });
});

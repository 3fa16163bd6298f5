import { fetchFirstFrame, RfbAuthError, RfbClient, vncAuthResponse } from '../src/console';
import { ByteReader, openWebSocket, WsRefusedError } from '../src/console/ws-client';
import { Framebuffer } from '../src/console/framebuffer';
import { DEFAULT_PIXEL_FORMAT } from '../src/console/pixel-format';
import { startConsoleHarness, USER, type ConsoleHarness } from './console-harness';

const VM = { node: 'pve1', vmid: 100, kind: 'qemu' as const, name: 'web01', status: 'running' };
const CT = { node: 'pve1', vmid: 101, kind: 'lxc' as const, name: 'db01', status: 'running' };

describe('VNC DES authentication', () => {
  it('is DES-ECB with a bit-mirrored key (FIPS 81 test vector)', () => {
    // Mirrored bytes of the classic DES key 133457799BBCDFF1.
    const mirrored = [0x13, 0x34, 0x57, 0x79, 0x9b, 0xbc, 0xdf, 0xf1].map((b) =>
      parseInt([...b.toString(2).padStart(8, '0')].reverse().join(''), 2),
    );
    const password = Buffer.from(mirrored).toString('latin1');
    const challenge = Buffer.from('0123456789ABCDEF0123456789ABCDEF', 'hex');
    expect(vncAuthResponse(password, challenge).toString('hex')).toBe('85e813540f0ab405'.repeat(2));
  });

  it('only looks at the first 8 characters of the password', () => {
    const challenge = Buffer.alloc(16, 7);
    expect(vncAuthResponse('PVEVNC:6A1B2C3D::sig', challenge)).toEqual(
      vncAuthResponse('PVEVNC:6', challenge),
    );
    expect(vncAuthResponse('abc', challenge)).not.toEqual(vncAuthResponse('abd', challenge));
  });
});

describe('framebuffer encoding', () => {
  it('converts to the client pixel format (RGBX, RGB565 big-endian, BGR233)', () => {
    const fb = new Framebuffer(2, 1);
    fb.fillRect(0, 0, 1, 1, 0xff8000);
    fb.fillRect(1, 0, 1, 1, 0x0000ff);
    const rgbx = { ...DEFAULT_PIXEL_FORMAT, redShift: 0, blueShift: 16 };
    expect([...fb.encode({ x: 0, y: 0, w: 2, h: 1 }, rgbx)]).toEqual([
      0xff, 0x80, 0, 0, 0, 0, 0xff, 0,
    ]);
    const rgb565 = {
      ...DEFAULT_PIXEL_FORMAT,
      bitsPerPixel: 16,
      depth: 16,
      bigEndian: true,
      redMax: 31,
      greenMax: 63,
      blueMax: 31,
      redShift: 11,
      greenShift: 5,
      blueShift: 0,
    };
    // 0xff8000 → r=31 g=32 b=0 → 0xfc00; 0x0000ff → 0x001f.
    expect(fb.encode({ x: 0, y: 0, w: 2, h: 1 }, rgb565).toString('hex')).toBe('fc00001f');
    const bgr233 = {
      ...rgb565,
      bitsPerPixel: 8,
      depth: 8,
      redMax: 7,
      greenMax: 7,
      blueMax: 3,
      redShift: 0,
      greenShift: 3,
      blueShift: 6,
    };
    expect([...fb.encode({ x: 0, y: 0, w: 2, h: 1 }, bgr233)]).toEqual([7 | (4 << 3), 3 << 6]);
  });
});

describe('ConsoleService with the built-in RFB server', () => {
  let h: ConsoleHarness;

  beforeEach(async () => {
    h = await startConsoleHarness({ qemuBinary: false });
    h.guests.set('vm', VM);
    h.guests.set('ct', CT);
  });
  afterEach(() => h.close());

  it('issues PVE-format tickets on distinct 5900-5999 ports', () => {
    const a = h.service.createVncTicket(VM, USER, { generatePassword: true });
    const b = h.service.createVncTicket(VM, USER, { generatePassword: false });
    expect(a.password).toMatch(/^[!-~]{8}$/);
    expect(a.ticket.startsWith(`${a.password}:PVEVNC:`)).toBe(true);
    expect(a.ticket).toMatch(/^.{8}:PVEVNC:[0-9A-F]{8}::[A-Za-z0-9+/]+=*$/);
    expect(b.password).toBeUndefined();
    expect(b.ticket).toMatch(/^PVEVNC:[0-9A-F]{8}::[A-Za-z0-9+/]+=*$/);
    const hexTime = parseInt(b.ticket.slice(7, 15), 16);
    expect(Math.abs(hexTime - Date.now() / 1000)).toBeLessThan(5);
    for (const t of [a, b]) expect(t.port).toBeGreaterThanOrEqual(5900);
    expect(b.port).toBeLessThanOrEqual(5999);
    expect(a.port).not.toBe(b.port);
  });

  it('completes the RFB handshake with the generated password and sends non-blank pixels', async () => {
    const t = h.service.createVncTicket(VM, USER, { generatePassword: true });
    const frame = await fetchFirstFrame(h.url('vm', t.port, t.ticket), { password: t.password! });
    expect(frame.server).toMatchObject({ version: 'RFB 003.008', width: 800, height: 600 });
    expect(frame.rect).toMatchObject({ x: 0, y: 0, width: 800, height: 600, encoding: 0 });
    expect(frame.rect.bytes).toBe(800 * 600 * 4);
    expect(frame.rect.nonZeroPixels).toBeGreaterThan(1000);
  });

  it('accepts the ticket without its password prefix, and the ticket itself as VNC password', async () => {
    const t = h.service.createVncTicket(VM, USER, { generatePassword: true });
    const bare = t.ticket.slice(9);
    const frame = await fetchFirstFrame(h.url('vm', t.port, bare), { password: t.ticket });
    expect(frame.rect.nonZeroPixels).toBeGreaterThan(0);

    const noPw = h.service.createVncTicket(CT, USER, { generatePassword: false });
    const ct = await fetchFirstFrame(h.url('ct', noPw.port, noPw.ticket), {
      password: noPw.ticket,
    });
    expect(ct.rect.nonZeroPixels).toBeGreaterThan(0);
  });

  it('speaks RFB 3.3 to old clients (server-chosen VNC auth)', async () => {
    const t = h.service.createVncTicket(VM, USER, { generatePassword: true });
    let reader!: ByteReader;
    const ws = await openWebSocket(
      h.url('vm', t.port, t.ticket),
      {},
      (s) => (reader = new ByteReader(s)),
    );
    expect((await reader.read(12)).toString()).toBe('RFB 003.008\n');
    ws.send(Buffer.from('RFB 003.003\n'));
    expect((await reader.read(4)).readUInt32BE(0)).toBe(2);
    ws.send(vncAuthResponse(t.password!, await reader.read(16)));
    expect((await reader.read(4)).readUInt32BE(0)).toBe(0);
    ws.send(Buffer.from([0]));
    const init = await reader.read(24);
    expect([init.readUInt16BE(0), init.readUInt16BE(2), init[4]]).toEqual([800, 600, 32]);
    ws.close();
  });

  it('refuses a wrong VNC password with an RFB security failure', async () => {
    const t = h.service.createVncTicket(VM, USER, { generatePassword: true });
    const wrong = t.password === 'xxxxxxxx' ? 'yyyyyyyy' : 'xxxxxxxx';
    await expect(
      RfbClient.connect(h.url('vm', t.port, t.ticket), { password: wrong }),
    ).rejects.toThrow(RfbAuthError);
  });

  it('accepts a ticket only once', async () => {
    const t = h.service.createVncTicket(VM, USER, { generatePassword: true });
    const first = await RfbClient.connect(h.url('vm', t.port, t.ticket), { password: t.password! });
    await expect(
      RfbClient.connect(h.url('vm', t.port, t.ticket), { password: t.password! }),
    ).rejects.toMatchObject({ statusCode: 401, statusMessage: 'vncticket already used' });
    await first.close();
  });

  it('honours the -20 s .. +40 s validity window', async () => {
    let clock = 0;
    const setClock = (s: number) => {
      h.advance(s * 1000 - clock);
      clock = s * 1000;
    };
    const late = h.service.createVncTicket(VM, USER, { generatePassword: true });
    const ok = h.service.createVncTicket(VM, USER, { generatePassword: true });
    setClock(21);
    const early = h.service.createVncTicket(VM, USER, { generatePassword: true });

    setClock(42);
    await expect(connectRefused(h.url('vm', late.port, late.ticket))).resolves.toMatchObject({
      statusCode: 401,
      statusMessage: 'vncticket expired',
    });
    setClock(38);
    const c = await RfbClient.connect(h.url('vm', ok.port, ok.ticket), { password: ok.password! });
    await c.close();
    // Stamped 21-22 s ahead of the server clock (whole seconds): outside the -20 s tolerance.
    setClock(-1);
    await expect(connectRefused(h.url('vm', early.port, early.ticket))).resolves.toMatchObject({
      statusCode: 401,
      statusMessage: 'vncticket expired',
    });
    setClock(2);
    const e = await RfbClient.connect(h.url('vm', early.port, early.ticket), {
      password: early.password!,
    });
    await e.close();
  });

  it('binds the ticket to its port, guest and user', async () => {
    const t = h.service.createVncTicket(VM, USER, { generatePassword: true });
    const other = h.service.createVncTicket(VM, USER, { generatePassword: true });
    await expect(connectRefused(h.url('vm', other.port, t.ticket))).resolves.toMatchObject({
      statusCode: 401,
    });
    await expect(connectRefused(h.url('ct', t.port, t.ticket))).resolves.toMatchObject({
      statusCode: 401,
    });
    await expect(
      connectRefused(h.url('vm', t.port, t.ticket), { 'x-test-user': 'alice@pve' }),
    ).resolves.toMatchObject({ statusCode: 401 });
    await expect(
      connectRefused(h.url('vm', t.port, 'PVEVNC:00000000::forged')),
    ).resolves.toMatchObject({
      statusCode: 401,
    });
    // Failed attempts do not burn the ticket.
    const c = await RfbClient.connect(h.url('vm', t.port, t.ticket), { password: t.password! });
    await c.close();
  });

  it('handles keys, Ctrl+Alt+Del, pointer and clipboard and redraws what changed', async () => {
    const t = h.service.createVncTicket(VM, USER, { generatePassword: true });
    const c = await RfbClient.connect(h.url('vm', t.port, t.ticket), { password: t.password! });
    await c.requestUpdate(false);
    const pending = c.requestUpdate(true);
    c.sendCtrlAltDel();
    c.sendPointer(10, 20, 1);
    c.sendClipboard('hello clipboard');
    const update = await pending;
    expect(update.rects).toHaveLength(1);
    expect(update.rects[0].width * update.rects[0].height).toBeLessThan(800 * 600);
    expect(update.rects[0].nonZeroPixels).toBeGreaterThan(0);
    // Still healthy afterwards.
    const full = await c.requestUpdate(false);
    expect(full.rects[0].bytes).toBe(800 * 600 * 4);
    await c.close();
  });

  it('frees the proxy port when the viewer leaves', async () => {
    const t = h.service.createVncTicket(VM, USER, { generatePassword: true });
    const c = await RfbClient.connect(h.url('vm', t.port, t.ticket), { password: t.password! });
    const busy = h.service.createVncTicket(VM, USER, { generatePassword: false });
    expect(busy.port).not.toBe(t.port);
    await c.close();
    await new Promise((r) => setTimeout(r, 50));
    const again = h.service.createVncTicket(CT, USER, { generatePassword: false });
    expect(again.port).toBe(t.port);
  });
});

async function connectRefused(
  url: string,
  headers?: Record<string, string>,
): Promise<WsRefusedError> {
  try {
    const c = await RfbClient.connect(url, { password: 'x', wsOptions: { headers } });
    await c.close();
  } catch (err) {
    if (err instanceof WsRefusedError) return err;
    throw err;
  }
  throw new Error('connection was accepted');
}

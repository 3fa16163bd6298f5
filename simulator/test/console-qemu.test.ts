import { fetchFirstFrame, RfbAuthError, RfbClient } from '../src/console';
import { findExecutable } from '../src/console/qemu-manager';
import { startConsoleHarness, USER, type ConsoleHarness } from './console-harness';

const qemu = findExecutable('qemu-system-x86_64');
const VM = { node: 'pve1', vmid: 100, kind: 'qemu' as const, name: 'web01', status: 'running' };
const VM2 = { node: 'pve1', vmid: 102, kind: 'qemu' as const, name: 'app02', status: 'running' };

if (!qemu) {
  console.warn('qemu-system-x86_64 not on PATH: skipping the real-QEMU console tests');
}

(qemu ? describe : describe.skip)('ConsoleService with a real QEMU VNC server', () => {
  jest.setTimeout(60_000);
  let h: ConsoleHarness;

  beforeAll(async () => {
    h = await startConsoleHarness({ qemuGraceMs: 300 });
    h.guests.set('vm', VM);
    h.guests.set('vm2', VM2);
  });
  afterAll(() => h.close());

  it('starts QEMU on demand and relays its screen after VNC auth with the one-time password', async () => {
    expect(h.service.usesQemu).toBe(true);
    const t = h.service.createVncTicket(VM, USER, { generatePassword: true });
    const frame = await fetchFirstFrame(h.url('vm', t.port, t.ticket), { password: t.password! });
    // QEMU itself answered (the built-in server has a fixed 800x600 screen).
    expect(frame.server.name).toBe('QEMU (web01)');
    expect(frame.server.width).not.toBe(800);
    expect(frame.rect.nonZeroPixels).toBeGreaterThan(100);
  });

  it('serves two viewers of one guest from one QEMU, each with its own password', async () => {
    const a = h.service.createVncTicket(VM, USER, { generatePassword: true });
    const b = h.service.createVncTicket(VM, USER, { generatePassword: true });
    const [ca, cb] = await Promise.all([
      RfbClient.connect(h.url('vm', a.port, a.ticket), { password: a.password! }),
      RfbClient.connect(h.url('vm', b.port, b.ticket), { password: b.password! }),
    ]);
    expect(h.service.qemuInstances).toBe(1);
    const [ra, rb] = await Promise.all([ca.waitForNonBlank(), cb.waitForNonBlank()]);
    expect(ra.nonZeroPixels).toBeGreaterThan(0);
    expect(rb.nonZeroPixels).toBeGreaterThan(0);
    ca.sendCtrlAltDel();
    ca.sendPointer(5, 5, 0);
    await ca.requestUpdate(false);
    await Promise.all([ca.close(), cb.close()]);
  });

  it('rejects a wrong password (QEMU checks the password set over QMP)', async () => {
    const t = h.service.createVncTicket(VM, USER, { generatePassword: true });
    const wrong = t.password === 'xxxxxxxx' ? 'yyyyyyyy' : 'xxxxxxxx';
    await expect(
      RfbClient.connect(h.url('vm', t.port, t.ticket), { password: wrong }),
    ).rejects.toThrow(RfbAuthError);
  });

  it('accepts the first 8 characters of the ticket when no password was generated', async () => {
    const t = h.service.createVncTicket(VM2, USER, { generatePassword: false });
    const frame = await fetchFirstFrame(h.url('vm2', t.port, t.ticket), { password: t.ticket });
    expect(frame.server.name).toBe('QEMU (app02)');
    expect(frame.rect.nonZeroPixels).toBeGreaterThan(0);
  });

  it('stops QEMU shortly after the last viewer left', async () => {
    const deadline = Date.now() + 10_000;
    while (h.service.qemuInstances > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(h.service.qemuInstances).toBe(0);
  });

  it('falls back to the built-in server beyond the QEMU instance limit', async () => {
    const capped = await startConsoleHarness({ qemuGraceMs: 100, qemuMaxInstances: 1 });
    try {
      capped.guests.set('vm', VM);
      capped.guests.set('vm2', VM2);
      const a = capped.service.createVncTicket(VM, USER, { generatePassword: true });
      const ca = await RfbClient.connect(capped.url('vm', a.port, a.ticket), {
        password: a.password!,
      });
      const b = capped.service.createVncTicket(VM2, USER, { generatePassword: true });
      const cb = await RfbClient.connect(capped.url('vm2', b.port, b.ticket), {
        password: b.password!,
      });
      expect(ca.server.name).toBe('QEMU (web01)');
      expect(cb.server).toMatchObject({ name: 'QEMU (app02)', width: 800, height: 600 });
      expect(capped.service.qemuInstances).toBe(1);
      await Promise.all([ca.close(), cb.close()]);
    } finally {
      await capped.close();
    }
  });

  it('uses the built-in screen for a stopped VM', async () => {
    h.guests.set('off', { ...VM, vmid: 103, name: 'off03', status: 'stopped' });
    const t = h.service.createVncTicket(h.guests.get('off')!, USER, { generatePassword: true });
    const frame = await fetchFirstFrame(h.url('off', t.port, t.ticket), { password: t.password! });
    expect(frame.server.width).toBe(800);
    expect(h.service.qemuInstances).toBe(0);
  });
});

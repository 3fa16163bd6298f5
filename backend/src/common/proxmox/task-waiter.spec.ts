import { ProxmoxApi } from './proxmox.api';
import { ProxmoxTaskFailedError } from './proxmox.errors';
import { startFakePve, type FakeHandler, type FakePveServer } from './testing/fake-pve-server';
import type { TaskProgress } from './task-waiter';

const UPID = 'UPID:pve1:0000A1B2:00C0FFEE:66F0A1B2:qmclone:100:root@pam!mp:';

/** Scripted task: `running` for a few polls, log lines appearing over time, then an exit status. */
function scriptTask(
  pve: Pick<FakePveServer, 'setHandler'>,
  lines: string[],
  exitstatus: string,
  runningPolls = 2,
) {
  let polls = 0;
  let visible = 0;
  pve.setHandler((req) => {
    if (req.path.endsWith('/status')) {
      polls++;
      visible = Math.min(lines.length, visible + 2);
      const done = polls > runningPolls;
      if (done) visible = lines.length;
      return {
        body: {
          data: {
            upid: UPID,
            node: 'pve1',
            status: done ? 'stopped' : 'running',
            ...(done ? { exitstatus } : {}),
            type: 'qmclone',
            user: 'root@pam!mp',
            pid: 1,
            pstart: 1,
            starttime: 1,
          },
        },
      };
    }
    if (req.path.endsWith('/log')) {
      const start = Number(req.query.get('start') ?? 0);
      const limit = Number(req.query.get('limit') ?? 50);
      const data = lines
        .slice(start, Math.min(visible, start + limit))
        .map((t, i) => ({ n: start + i + 1, t }));
      return { body: { data, total: visible } };
    }
    return { status: 501, statusMessage: 'not implemented' };
  });
}

describe('waitForTask', () => {
  let pve: FakePveServer;
  let api: ProxmoxApi;
  beforeEach(async () => {
    pve = await startFakePve();
    api = ProxmoxApi.create({
      endpoints: [pve.url],
      fingerprint: pve.fingerprint,
      auth: { type: 'token', tokenId: 'root@pam!mp', secret: 's' },
    });
  });
  afterEach(async () => {
    api.close();
    await pve.close();
  });

  it('reports progress from the task log and resolves when the task succeeds', async () => {
    const lines = [
      'create full clone of drive scsi0',
      'transferred 1.0 GiB of 4.0 GiB (25.00%)',
      'transferred 4.0 GiB of 4.0 GiB (100.00%)',
      'TASK OK',
    ];
    scriptTask(pve, lines, 'OK');
    const progress: TaskProgress[] = [];
    const result = await api.waitForTask(UPID, {
      intervalMs: 5,
      onProgress: (p) => progress.push(p),
    });
    expect(result.exitStatus).toBe('OK');
    expect(result.log).toEqual(lines);
    expect(progress.flatMap((p) => p.lines)).toEqual(lines); // every line reported exactly once
    expect(progress[0].percent).toBe(25);
    expect(progress.at(-1)).toMatchObject({ status: 'stopped', percent: 100 });
  });

  it('treats WARNINGS as success and counts them', async () => {
    scriptTask(pve, ['WARN: something odd', 'TASK WARNINGS: 1'], 'WARNINGS: 1', 0);
    await expect(api.waitForTask(UPID, { intervalMs: 5 })).resolves.toMatchObject({ warnings: 1 });
  });

  it('throws a readable error when the task fails', async () => {
    scriptTask(
      pve,
      ['trying to acquire lock...', 'TASK ERROR: VM 100 is locked (backup)'],
      'VM 100 is locked (backup)',
      1,
    );
    const err = await api.waitForTask(UPID, { intervalMs: 5 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProxmoxTaskFailedError);
    expect((err as Error).message).toBe('Proxmox task failed: VM 100 is locked (backup)');
    expect((err as ProxmoxTaskFailedError).logTail.at(-1)).toBe(
      'TASK ERROR: VM 100 is locked (backup)',
    );
  });

  it('keeps following a task through 5xx answers; only its exit status decides', async () => {
    const lines = ['working', 'TASK OK'];
    let scripted!: FakeHandler;
    scriptTask({ setHandler: (h) => void (scripted = h) }, lines, 'OK', 2);
    let n = 0;
    // Every third status or log read fails, as an overloaded pveproxy does.
    pve.setHandler((req) =>
      n++ % 3 === 1 ? { status: 500, statusMessage: 'proxy overloaded' } : scripted(req),
    );
    const result = await api.waitForTask(UPID, { intervalMs: 2 });
    expect(result).toMatchObject({ exitStatus: 'OK', log: lines });
  });

  it('gives up on a read that keeps failing once its fault tolerance is spent', async () => {
    pve.setHandler(() => ({ status: 500, statusMessage: 'down' }));
    await expect(
      api.waitForTask(UPID, { intervalMs: 2, faultToleranceMs: 50 }),
    ).rejects.toMatchObject({ code: 'PVE_SERVER' });
    // A refusal that cannot clear up is not retried.
    pve.setHandler(() => ({ status: 403, statusMessage: 'Permission check failed' }));
    await expect(api.waitForTask(UPID, { intervalMs: 2 })).rejects.toMatchObject({
      code: 'PVE_FORBIDDEN',
    });
  });

  it('gives up after the timeout and stops when aborted', async () => {
    scriptTask(pve, ['still working'], 'OK', 1_000_000);
    await expect(api.waitForTask(UPID, { intervalMs: 5, timeoutMs: 50 })).rejects.toMatchObject({
      code: 'PVE_TIMEOUT',
    });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 30);
    await expect(api.waitForTask(UPID, { intervalMs: 5, signal: ac.signal })).rejects.toMatchObject(
      { code: 'PVE_ABORTED' },
    );
  });
});

// Proven scale-out (issue 13): two API processes and two workers behind Debian's Nginx with the project's
// site, on one MariaDB database and one Redis, against the embedded simulator. Run by `npm test` (suite
// "scale-out"); alone: `node scripts/test.mjs --only scale-out` (SCALE_OUT_VERBOSE=1 shows the processes' logs).
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ROOT } from '../lib/deps.mjs';
import { CHROMIUM, hasChromium } from '../update/test/browser-flow.mjs';
import { DEMO_PASSWORD, request, startInstallation, until } from './harness.mjs';

const require = createRequire(path.join(ROOT, 'package.json'));
const WebSocket = require('ws');
const { Queue } = require('bullmq');
const { ConsoleCloseCode, SYSTEM_PAYLOAD, termproxyFrame } = require('@multpanel/contracts');

const ADMIN = 'admin@demo.local';

let inst;
let token; // super admin's access token, obtained from API process A
let guests; // the demo cluster's guests as the API lists them

/** GET/POST against one base URL (an API process or Nginx) as the super admin. */
const call = (base, method, url, body, extra = {}) =>
  request(`${base}/api${url}`, { method, body, token, ca: inst.ca, ...extra });
const [A, B] = [0, 1];
const api = (i) => inst.api[i];

/** A WebSocket that records its messages and close frame. */
function socket(url, protocols) {
  const ws = new WebSocket(url, protocols, { ca: inst.ca, perMessageDeflate: false });
  const messages = [];
  let text = '';
  ws.on('message', (d) => {
    text += d.toString('utf8');
    try {
      messages.push(JSON.parse(d.toString('utf8')));
    } catch {
      // console bytes, kept in `text`
    }
  });
  const closed = new Promise((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  const opened = new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  ws.on('error', () => undefined);
  return {
    ws,
    messages,
    closed,
    opened,
    text: () => text,
    find: (what, pred, timeoutMs = 20_000) =>
      until(what, () => messages.find(pred), { timeoutMs, intervalMs: 50 }),
  };
}

const eventsUrl = (base) => `${base.replace(/^http/, 'ws')}/api/events?token=${token}`;

async function waitJob(id, pred, what, timeoutMs = 60_000) {
  return until(
    what,
    async () => {
      const r = await call(inst.nginxUrl, 'GET', `/jobs/${id}`);
      return r.status === 200 && pred(r.body) ? r.body : null;
    },
    { timeoutMs, intervalMs: 300 },
  );
}

/** The simulator's test knobs (/_sim, outside the Proxmox API). */
const sim = (p, body) =>
  request(`${inst.simUrl}/_sim/${p}`, { method: body ? 'POST' : 'GET', body, insecure: true });

describe('scale-out: 2 API processes + 2 workers behind Nginx', () => {
  before(async () => {
    inst = await startInstallation(process.env);
    const login = await request(`${api(A)}/api/auth/login`, {
      method: 'POST',
      body: { email: ADMIN, password: DEMO_PASSWORD },
    });
    assert.equal(login.status, 200, JSON.stringify(login.body));
    assert.equal(login.body.status, 'ok');
    token = login.body.accessToken;
    inst.refreshCookie = login.headers['set-cookie']?.[0]?.split(';')[0];
    // The demo cluster's request budget (10/s) is for a real cluster, not for a test's bursts.
    const clusters = await call(api(A), 'GET', '/clusters');
    assert.equal(clusters.status, 200);
    for (const c of clusters.body) {
      const r = await call(api(A), 'PATCH', `/clusters/${c.id}`, {
        requestRatePerSec: 1000,
        requestBurst: 10_000,
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
    }
    // The workers' first inventory sync fills the guest list.
    guests = await until(
      'the demo cluster inventory',
      async () => {
        const r = await call(api(B), 'GET', '/vms?pageSize=500');
        const running = r.body?.items?.filter((g) => g.status === 'running' && !g.template);
        return running?.some((g) => g.kind === 'lxc') && running.length >= 8 ? r.body.items : null;
      },
      { timeoutMs: 90_000, intervalMs: 1000 },
    );
    inst.step(`logged in, inventory synced (${guests.length} guests)`);
  });

  after(async () => {
    await inst?.stop();
  });

  it('renders the project site for both API processes; nginx -t passes', () => {
    assert.match(inst.nginxTest, /syntax is ok/);
    assert.match(inst.nginxTest, /test is successful/);
  });

  it('a login obtained from process A works on process B, directly and through Nginx', async () => {
    for (const base of [api(A), api(B), inst.nginxUrl, inst.nginxUrl]) {
      const me = await call(base, 'GET', '/auth/me');
      assert.equal(me.status, 200, `${base}: ${JSON.stringify(me.body)}`);
      assert.equal(me.body.email ?? me.body.user?.email, ADMIN);
    }
    // The session (refresh cookie from A) is rotated by B, then through Nginx (same-origin check
    // with the port kept in Host), each answer a working access token.
    assert.ok(inst.refreshCookie, 'login set the refresh cookie');
    let cookie = inst.refreshCookie;
    for (const [base, origin] of [
      [api(B), undefined],
      [inst.nginxUrl, inst.nginxUrl],
    ]) {
      const r = await request(`${base}/api/auth/refresh`, {
        method: 'POST',
        ca: inst.ca,
        headers: { cookie, ...(origin ? { origin } : {}) },
      });
      assert.equal(r.status, 200, `refresh at ${base}: ${JSON.stringify(r.body)}`);
      cookie = r.headers['set-cookie'][0].split(';')[0];
      const me = await request(`${api(A)}/api/auth/me`, { token: r.body.accessToken });
      assert.equal(me.status, 200);
    }
    // A token that is not ours is refused by both.
    for (const base of [api(A), api(B)]) {
      const r = await request(`${base}/api/auth/me`, { token: `${token.slice(0, -4)}AAAA` });
      assert.equal(r.status, 401);
    }
  });

  it('live events reach a client of process B (and one through Nginx) for a change made on A', async () => {
    const onB = socket(eventsUrl(api(B)));
    const viaNginx = socket(eventsUrl(inst.nginxUrl));
    try {
      await onB.find('hello on B', (m) => m.type === 'hello');
      await viaNginx.find('hello through Nginx', (m) => m.type === 'hello');
      const vm = guests.find((g) => g.kind === 'qemu' && g.status === 'running' && !g.template);
      const res = await call(api(A), 'POST', `/vms/${vm.id}/control`, { action: 'reboot' });
      assert.equal(res.status, 202, JSON.stringify(res.body));
      const jobId = res.body.job.id;
      assert.ok(jobId, `a job id in ${JSON.stringify(res.body)}`);
      const ofJob = (m) => m.type === 'job.updated' && m.payload.id === jobId;
      // A published the queued job; a worker publishes its progress and end.
      await onB.find('the queued job on B', ofJob);
      await viaNginx.find('the queued job through Nginx', ofJob);
      await onB.find(
        'the finished job on B',
        (m) => ofJob(m) && m.payload.status === 'succeeded',
        30_000,
      );
    } finally {
      onB.ws.close();
      viaNginx.ws.close();
    }
  });

  it(
    'live events reach a browser (Chromium) connected to process B for a change made on A',
    { skip: !hasChromium() && `no Chromium at ${CHROMIUM}` },
    async () => {
      const { chromium } = await import('playwright-core');
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--no-first-run',
        ],
      });
      try {
        const page = await browser.newPage();
        // A page of process B's origin opens the socket the SPA opens (lib/live-events.ts).
        await page.goto(`${api(B)}/api/health`);
        await page.evaluate(
          (url) => {
            globalThis.events = [];
            const ws = new WebSocket(url);
            ws.onmessage = (m) => globalThis.events.push(JSON.parse(m.data));
          },
          eventsUrl(api(B)),
        );
        await page.waitForFunction(() => globalThis.events.some((e) => e.type === 'hello'));
        const vm = guests.find((g) => g.kind === 'qemu' && g.status === 'running' && !g.template);
        const res = await call(api(A), 'POST', `/vms/${vm.id}/control`, { action: 'reboot' });
        assert.equal(res.status, 202, JSON.stringify(res.body));
        const jobId = res.body.job.id;
        const seen = await page.waitForFunction(
          (id) =>
            globalThis.events.find(
              (e) =>
                e.type === 'job.updated' && e.payload.id === id && e.payload.status === 'succeeded',
            ),
          jobId,
          { timeout: 30_000 },
        );
        assert.equal((await seen.jsonValue()).payload.id, jobId);
      } finally {
        await browser.close();
      }
    },
  );

  it('a console token issued by one process is served by the other', async () => {
    const ct = guests.find((g) => g.kind === 'lxc' && g.status === 'running');
    const wsBase = (base) => base.replace(/^http/, 'ws');
    for (const [issuer, server, label] of [
      [api(A), wsBase(api(B)), 'A→B'],
      [api(B), wsBase(inst.nginxUrl), 'B→Nginx'],
    ]) {
      const res = await call(issuer, 'POST', `/vms/${ct.id}/console`);
      assert.equal(res.status, 200, `${label}: ${JSON.stringify(res.body)}`);
      const term = socket(`${server}${res.body.wsPath}`, ['binary']);
      await term.opened;
      const word = `scale-out-${label.replace(/\W/g, '')}`;
      term.ws.send(termproxyFrame.data(`echo ${word}\r`));
      // the shell echoes the command line, then prints the word
      await until(`${label}: shell output`, () => term.text().split(word).length >= 3, {
        timeoutMs: 15_000,
        intervalMs: 50,
      });
      term.ws.close(1000);
      await term.closed;
      // The token was spent on the serving process: the issuer refuses it now.
      const again = socket(`${wsBase(issuer)}${res.body.wsPath}`, ['binary']);
      assert.equal((await again.closed).code, ConsoleCloseCode.InvalidToken);
    }
  });

  it('200 jobs enqueued at once each run exactly once, spread over both workers', async () => {
    const queue = new Queue('system', {
      connection: { url: inst.redisUrl, maxRetriesPerRequest: null },
      prefix: `${inst.prefix}:bull`,
    });
    try {
      const run = `p${Date.now().toString(36)}`;
      const echoes = Array.from({ length: 200 }, (_, i) => `${run}-${i}`);
      const jobs = await queue.addBulk(
        echoes.map((echo) => ({
          name: 'system.ping',
          data: { ...SYSTEM_PAYLOAD, echo },
          opts: { removeOnComplete: false, removeOnFail: false },
        })),
      );
      assert.equal(jobs.length, 200);
      const states = await until(
        'all 200 pings finished',
        async () => {
          const s = await Promise.all(jobs.map((j) => queue.getJobState(j.id)));
          return s.every((x) => x === 'completed' || x === 'failed') ? s : null;
        },
        { timeoutMs: 60_000, intervalMs: 250 },
      );
      assert.deepEqual(
        states.filter((s) => s !== 'completed'),
        [],
      );
      // Executions: the ping handler logs one line per run, in whichever worker ran it.
      const countRuns = () => {
        const runs = new Map();
        const perWorker = inst.workers.map(() => 0);
        inst.workers.forEach((w, i) => {
          for (const line of w.lines) {
            const m = new RegExp(`ping (${run}-\\d+) `).exec(line);
            if (!m) continue;
            runs.set(m[1], (runs.get(m[1]) ?? 0) + 1);
            perWorker[i]++;
          }
        });
        return { runs, perWorker };
      };
      await until('a log line for every ping', () => countRuns().runs.size === 200, {
        timeoutMs: 10_000,
      });
      // Anything run twice would log again: give a late duplicate the time to show.
      await new Promise((r) => setTimeout(r, 2000));
      const { runs, perWorker } = countRuns();
      assert.deepEqual(
        echoes.filter((e) => runs.get(e) !== 1),
        [],
        'every ping ran exactly once',
      );
      assert.equal(
        perWorker.reduce((a, b) => a + b, 0),
        200,
      );
      assert.ok(
        perWorker.every((n) => n > 0),
        `both workers took jobs (${perWorker.join(' + ')})`,
      );
      inst.step(`200 pings ran once each: ${perWorker.join(' + ')} per worker`);
      // BullMQ agrees: one result per job, from the process that logged it.
      const results = await Promise.all(jobs.map((j) => queue.getJob(j.id)));
      assert.deepEqual(
        results.filter((j) => j.attemptsMade !== 1 || j.returnvalue?.echo !== j.data.echo),
        [],
      );
    } finally {
      await queue.close();
    }
  });

  it('killing one worker (SIGKILL) mid-job loses nothing: its tracked jobs finish on the other', async () => {
    // Slow the simulator's tasks down (a stop takes ~10 s) so the jobs are caught mid-task.
    const speed = await sim('speed', { factor: 20 });
    assert.equal(speed.status, 200, JSON.stringify(speed.body));

    const targets = guests
      .filter((g) => g.kind === 'qemu' && g.status === 'running' && !g.template)
      .slice(1, 7);
    assert.ok(targets.length >= 4, `running VMs to stop (${targets.length})`);
    const jobIds = [];
    for (const g of targets) {
      const r = await call(inst.nginxUrl, 'POST', `/vms/${g.id}/control`, { action: 'stop' });
      assert.equal(r.status, 202, JSON.stringify(r.body));
      jobIds.push(r.body.job.id);
    }
    // Every job has started its Proxmox task (its UPID is checkpointed) before the kill.
    await Promise.all(
      jobIds.map((id) => waitJob(id, (j) => j.status === 'running' && j.upid, `job ${id} running`)),
    );
    const queue = new Queue('tasks', {
      connection: { url: inst.redisUrl, maxRetriesPerRequest: null },
      prefix: `${inst.prefix}:bull`,
    });
    try {
      const owners = async () =>
        Promise.all(jobIds.map(async (id) => (await queue.getJob(id))?.processedBy));
      const before = await owners();
      // The worker running most of them dies.
      const counts = inst.workers.map((w) => before.filter((o) => o?.endsWith(`:${w.pid}`)).length);
      const victim = counts[0] >= counts[1] ? 0 : 1;
      const survivor = 1 - victim;
      const lost = jobIds.filter((_, i) => before[i]?.endsWith(`:${inst.workers[victim].pid}`));
      assert.ok(lost.length > 0, `the victim runs some of the jobs (${before.join(', ')})`);
      inst.workers[victim].kill('SIGKILL');
      const killedAt = Date.now();

      const done = await Promise.all(
        jobIds.map((id) =>
          waitJob(id, (j) => ['succeeded', 'failed', 'cancelled'].includes(j.status), `job ${id}`),
        ),
      );
      assert.deepEqual(
        done.filter((j) => j.status !== 'succeeded').map((j) => `${j.id}: ${j.status} ${j.error}`),
        [],
      );
      inst.step(
        `killed a worker running ${lost.length} of ${jobIds.length} jobs; all succeeded ` +
          `${((Date.now() - killedAt) / 1000).toFixed(1)} s later`,
      );
      const after = await owners();
      for (const id of lost) {
        const job = done.find((j) => j.id === id);
        const lines = (job.log ?? []).map((l) => l.line ?? l.text ?? l.message ?? String(l));
        assert.ok(
          lines.some((l) => /resumed by worker/.test(l)),
          `job ${id} was resumed: ${lines.join(' | ')}`,
        );
        // It followed the task it had started instead of starting a second one.
        assert.ok(
          lines.some((l) => /following task .* again after a restart/.test(l)),
          `job ${id} followed its task: ${lines.join(' | ')}`,
        );
        assert.ok(after[jobIds.indexOf(id)]?.endsWith(`:${inst.workers[survivor].pid}`));
      }
      // The guests are stopped, as asked.
      for (const g of targets) {
        const r = await sim(`guests/${g.vmid}`);
        assert.equal(r.body.data.status, 'stopped', `VM ${g.vmid}`);
      }
      // /api/health counts only the live worker once the dead one's heartbeat expires.
      await until(
        'checks.worker.alive = 1',
        async () => {
          const r = await request(`${inst.nginxUrl}/api/health`, { ca: inst.ca });
          return r.status === 200 && r.body.checks.worker.alive === 1;
        },
        { timeoutMs: 40_000, intervalMs: 1000 },
      );
    } finally {
      await queue.close();
    }
  });
});

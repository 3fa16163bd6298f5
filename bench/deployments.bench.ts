/**
 * Deployments benchmark (issue 24): push → running for a small Express-style Node app on a real SSH
 * target (target ≤ 60 s, the guest exists already), and rollback (target ≤ 10 s).
 *
 * The target is the integration suite's: a simulator guest reporting 127.0.0.1, a real OpenSSH
 * server for a throwaway user (needs root), a bare repository served by `git daemon`. Each round
 * commits a changed response, pushes it, sends the signed GitHub push webhook and times until the
 * app answers with the new commit; then rolls back to the previous release and times until the old
 * answer is back. API and worker run in this process (the test context), against a throwaway
 * database on the local MariaDB and a Redis prefix.
 *
 * Run: node -r ./bench/lib/swc-register.cjs bench/deployments.bench.ts
 * Env: BENCH_ROUNDS (3), TEST_DATABASE_URL (mysql://root@127.0.0.1:3306), REDIS_URL.
 */
import globalSetup from '../backend/test/helpers/global-setup';
import globalTeardown from '../backend/test/helpers/global-teardown';
import {
  deploySkipReason,
  DeploymentTarget,
  freePort,
  githubSignature,
} from '../backend/test/integration/deployments-harness';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PUSH_TARGET_MS = 60_000;
const ROLLBACK_TARGET_MS = 10_000;

async function answer(port: number): Promise<string> {
  try {
    return await (await fetch(`http://127.0.0.1:${port}/`)).text();
  } catch {
    return '';
  }
}

async function until(port: number, expected: string, timeoutMs = 120_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while ((await answer(port)) !== expected) {
    if (Date.now() > end) throw new Error(`app never answered "${expected}"`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], max: s[s.length - 1] };
};

async function main(): Promise<void> {
  const skip = deploySkipReason();
  if (skip) throw new Error(`cannot run: ${skip}`);
  process.env.NODE_ENV = 'test';
  await globalSetup();
  const t = new DeploymentTarget();
  try {
    await t.start();
    const http = () => t.h.ctx.http;
    const auth = t.h.admin.auth;
    const port = await freePort();
    t.git.push('r0');
    const created = await http()
      .post('/api/deployments')
      .set(auth)
      .send({
        companyId: t.companyId,
        name: 'bench-app',
        repoUrl: t.git.url,
        framework: 'express',
        target: { type: 'guest', guestId: t.guestId, sshUser: t.sshd.user, sshPort: t.sshd.port },
        port,
        env: [
          { key: 'APP_GREETING', value: 'hi', secret: true },
          { key: 'npm_config_audit', value: 'false', secret: false },
          { key: 'npm_config_fund', value: 'false', secret: false },
        ],
      });
    if (created.status !== 201) throw new Error(`create: ${JSON.stringify(created.body)}`);
    const { id, webhookSecret } = created.body as { id: string; webhookSecret: string };
    t.authorize(created.body.accessPublicKey);
    t.appDir('bench-app');

    let started = Date.now();
    let commit = t.git.git('rev-parse', 'HEAD');
    await http().post(`/api/deployments/${id}/deploy`).set(auth);
    await until(port, `r0 ${commit} hi`);
    console.log(`first deploy (runtime probe, clone, install, start): ${Date.now() - started} ms`);
    await waitIdle(t, id);

    const push: number[] = [];
    const rollback: number[] = [];
    for (let i = 1; i <= ROUNDS; i++) {
      const before = commit;
      started = Date.now();
      commit = t.git.push(`r${i}`);
      const payload = JSON.stringify({ ref: 'refs/heads/main', after: commit });
      const hook = await http()
        .post(`/api/deployments/${id}/webhook`)
        .set('content-type', 'application/json')
        .set('x-hub-signature-256', githubSignature(payload, webhookSecret))
        .send(payload);
      if (hook.status !== 202) throw new Error(`webhook: ${hook.status}`);
      await until(port, `r${i} ${commit} hi`);
      push.push(Date.now() - started);
      await waitIdle(t, id);

      const releases = (await http().get(`/api/deployments/${id}/releases`).set(auth))
        .body as Array<{
        id: string;
        commit: string;
      }>;
      const previous = releases.find((r) => r.commit === before)!;
      started = Date.now();
      const rb = await http()
        .post(`/api/deployments/${id}/rollback`)
        .set(auth)
        .send({ releaseId: previous.id });
      if (rb.status !== 202) throw new Error(`rollback: ${JSON.stringify(rb.body)}`);
      await until(port, `r${i - 1} ${before} hi`);
      rollback.push(Date.now() - started);
      await waitIdle(t, id);
      // Forward again so the next round pushes on top of the newest release.
      const fwd = releases.find((r) => r.commit === commit)!;
      await http().post(`/api/deployments/${id}/rollback`).set(auth).send({ releaseId: fwd.id });
      await until(port, `r${i} ${commit} hi`);
      await waitIdle(t, id);
      console.log(`round ${i}: push → running ${push[i - 1]} ms, rollback ${rollback[i - 1]} ms`);
    }
    const p = stats(push);
    const r = stats(rollback);
    console.log(
      `push → running: median ${p.median} ms, max ${p.max} ms (target ≤ ${PUSH_TARGET_MS}) ${p.max <= PUSH_TARGET_MS ? 'PASS' : 'FAIL'}`,
    );
    console.log(
      `rollback: median ${r.median} ms, max ${r.max} ms (target ≤ ${ROLLBACK_TARGET_MS}) ${r.max <= ROLLBACK_TARGET_MS ? 'PASS' : 'FAIL'}`,
    );
  } finally {
    await t.stop();
    await globalTeardown();
  }
}

/** The deployment's last job has finished (the next action would be refused with 409 otherwise). */
async function waitIdle(t: DeploymentTarget, id: string): Promise<void> {
  for (;;) {
    const d = await t.h.ctx.prisma.deployment.findUniqueOrThrow({ where: { id } });
    const job = d.lastJobId
      ? await t.h.ctx.prisma.job.findUnique({ where: { id: d.lastJobId } })
      : null;
    if (!job || !['queued', 'running'].includes(job.status)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);

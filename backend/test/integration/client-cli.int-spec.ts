import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Company } from '../../src/generated/prisma/client';
import { VmsHarness } from './vms-harness';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../../..');
const SCHEMA = path.join(ROOT, 'client/src/schema.d.ts');
const CLI = path.join(ROOT, 'client/bin/multpanel.mjs');

/**
 * The typed client (`client/`) and the `multpanel` CLI against the running platform: the client's
 * types are regenerated from this API's OpenAPI document and must equal the checked-in file
 * (`UPDATE_CLIENT_SCHEMA=1` rewrites it), and the CLI creates a VM, waits for its job and prints JSON.
 */
describe('typed client and multpanel CLI', () => {
  let h: VmsHarness;
  let acme: Company;
  let apiKey: string;
  let home: string;

  const cli = async (args: string[], opts: { apiKey?: string } = {}) => {
    const env = {
      ...process.env,
      MULTPANEL_CONFIG: path.join(home, 'config.json'),
      MULTPANEL_URL: h.ctx.baseUrl,
      MULTPANEL_API_KEY: opts.apiKey ?? apiKey,
    };
    try {
      const r = await run(process.execPath, [CLI, ...args], { env, timeout: 60_000 });
      return { code: 0, stdout: r.stdout, stderr: r.stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  beforeAll(async () => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-cli-'));
    h = await VmsHarness.start();
    await h.startWorker();
    acme = await h.ctx.newCompany({ maxGuests: 10, maxVcpus: 20, maxMemoryMb: 65_536 });
    const admin = await h.ctx.login(
      await h.ctx.newUser({ role: 'company_admin', companyId: acme.id }),
    );
    const key = await h.ctx.http
      .post('/api/api-keys')
      .set(admin.auth)
      .send({ name: 'cli', permissions: ['vm.read', 'vm.create', 'vm.power'] });
    expect(key.status).toBe(201);
    apiKey = key.body.key;
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('the checked-in client types equal what this API documents', async () => {
    const doc = await h.ctx.http.get('/api/docs-json');
    expect(doc.status).toBe(200);
    const input = path.join(home, 'openapi.json');
    const output = path.join(home, 'schema.d.ts');
    fs.writeFileSync(input, JSON.stringify(doc.body));
    await run(process.execPath, [path.join(ROOT, 'scripts/client-schema.mjs'), input, output], {
      timeout: 120_000,
    });
    const generated = fs.readFileSync(output, 'utf8');
    if (process.env.UPDATE_CLIENT_SCHEMA === '1') fs.writeFileSync(SCHEMA, generated);
    // On a difference: run this suite with UPDATE_CLIENT_SCHEMA=1 and commit client/src/schema.d.ts.
    expect(fs.readFileSync(SCHEMA, 'utf8') === generated).toBe(true);
    expect(generated).toContain('"/api/vms/{id}/control"');
  }, 180_000);

  it('signs in with an API key and refuses a wrong one with exit code 3', async () => {
    const bad = await cli(['login', '--api-key', 'mpk_wrong'], { apiKey: '' });
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/401/);
    const good = await cli(['login', '--json']);
    expect(good.code).toBe(0);
    expect(JSON.parse(good.stdout)).toMatchObject({ user: { role: 'company_admin' } });
    const saved = fs.statSync(path.join(home, 'config.json'));
    expect(saved.mode & 0o077).toBe(0);
  });

  it('creates a VM, waits for its job and prints JSON; the VM is on the simulator', async () => {
    const scan = await h.ctx.http
      .post('/api/templates/scan')
      .set(h.admin.auth)
      .send({ clusterId: h.clusterId });
    expect((await h.waitJob(scan.body.job.id)).status).toBe('succeeded');
    const templates = await h.ctx.http
      .get('/api/templates')
      .query({ clusterId: h.clusterId, pageSize: 200 })
      .set(h.admin.auth);
    const tpl = templates.body.items.find(
      (t: { kind: string; clusterId: string }) => t.kind === 'qemu' && t.clusterId === h.clusterId,
    );
    await h.ctx.http
      .put(`/api/templates/${tpl.id}`)
      .set(h.admin.auth)
      .send({ allowedCompanyIds: [acme.id] })
      .expect(200);
    const body = h.vmBody(acme.id, tpl.id, 'cli');
    const created = await cli([
      'vms',
      'create',
      '--body',
      JSON.stringify(body),
      '--wait',
      '--json',
    ]);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const out = JSON.parse(created.stdout);
    expect(out.job.status).toBe('succeeded');
    expect(h.simGuestsNamed(body.name)).toHaveLength(1);

    const list = await cli(['vms', 'list', '--search', body.name]);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(body.name);

    const stop = await cli(['vms', 'stop', out.vmId, '--wait', '--json']);
    expect(stop.code).toBe(0);
    expect(JSON.parse(stop.stdout).job.status).toBe('succeeded');
    const wait = await cli(['jobs', 'wait', JSON.parse(stop.stdout).job.id, '--json']);
    expect(JSON.parse(wait.stdout).status).toBe('succeeded');
  }, 120_000);

  it('answers bad input with the documented exit codes', async () => {
    expect((await cli(['vms', 'frobnicate'])).code).toBe(2);
    expect((await cli(['vms', 'create', '--body', '{not json'])).code).toBe(2);
    const invalid = await cli(['vms', 'create', '--body', '{}']);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/^multpanel: 400 /);
    const missing = await cli(['vms', 'show', '00000000-0000-4000-8000-000000000000']);
    expect(missing.code).toBe(4);
    // The key holds no backup right: refused, not "failed".
    expect((await cli(['backups', 'run', '00000000-0000-4000-8000-000000000000'])).code).toBe(3);
  });
});

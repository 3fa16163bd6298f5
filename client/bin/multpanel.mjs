#!/usr/bin/env node
// @ts-check
// `multpanel`: the platform from scripts. Every call goes through the typed client (src/index.js), so
// a route the API no longer has fails the type check, not a customer's script.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { deviceLogin, DeviceLoginError } from '../src/device-login.js';
import { createMultpanelClient, describeError } from '../src/index.js';

/** Exit codes scripts can rely on. */
const EXIT = { ok: 0, failed: 1, usage: 2, auth: 3, notFound: 4, timeout: 124 };

const USAGE = `multpanel <command> [options]

  login --url URL --api-key KEY     check the key and remember both (~/.config/multpanel)
  login --url URL --device          approve this machine in the browser instead of pasting a key
  logout                            forget the remembered key
  whoami                            who the key belongs to
  clusters list
  vms list [--search S] [--company ID] [--page N] [--page-size N]
  vms show VM_ID
  vms create --body JSON|@FILE [--wait]      body as POST /api/vms takes it
  vms start|stop|shutdown|reboot|reset|suspend|resume VM_ID [--wait]
  vms console-url VM_ID [--websocket]        the console page, or a one-time WebSocket URL
  jobs show JOB_ID
  jobs wait JOB_ID [--timeout SECONDS]
  backups run VM_ID [--storage S] [--wait]   back a guest up now
  backups run --schedule ID                  run a backup schedule now

Options: --json (JSON output), --url, --api-key (or MULTPANEL_URL, MULTPANEL_API_KEY).
Exit codes: 0 ok, 1 failed (API error or failed job), 2 usage, 3 not signed in or not allowed,
4 not found, 124 timed out.`;

class CliError extends Error {
  /** @param {string} message @param {number} code */
  constructor(message, code) {
    super(message);
    this.code = code;
  }
}

const configFile = () =>
  process.env.MULTPANEL_CONFIG ??
  path.join(
    process.env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'),
    'multpanel',
    'config.json',
  );

/** @returns {{ url?: string, apiKey?: string }} */
function readConfig() {
  try {
    return JSON.parse(fs.readFileSync(configFile(), 'utf8'));
  } catch {
    return {};
  }
}

/** @param {{ url: string, apiKey: string } | null} config */
function writeConfig(config) {
  const file = configFile();
  if (!config) return fs.rmSync(file, { force: true });
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  // The key is a credential: readable by its owner only.
  fs.writeFileSync(file, JSON.stringify(config, null, 2) + '\n', { mode: 0o600 });
}

/**
 * Unwraps an openapi-fetch answer; an error answer becomes a CliError with the right exit code.
 * @template T
 * @param {Promise<{ data?: T, error?: unknown, response: Response }>} call
 * @returns {Promise<T>}
 */
async function ok(call) {
  const { data, error, response } = await call;
  if (response.ok) return /** @type {T} */ (data);
  const code =
    response.status === 401 || response.status === 403
      ? EXIT.auth
      : response.status === 404
        ? EXIT.notFound
        : EXIT.failed;
  throw new CliError(describeError(error, response), code);
}

/** @param {string} value */
function jsonArg(value) {
  const text = value.startsWith('@') ? fs.readFileSync(value.slice(1), 'utf8') : value;
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new CliError(
      `--body is not valid JSON: ${/** @type {Error} */ (err).message}`,
      EXIT.usage,
    );
  }
}

/** A plain table of chosen columns (`--json` prints the whole answer instead). */
function table(/** @type {Record<string, unknown>[]} */ rows, /** @type {string[]} */ columns) {
  const cell = (/** @type {unknown} */ v) => (v === null || v === undefined ? '' : String(v));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (/** @type {string[]} */ cells) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [
    line(columns.map((c) => c.toUpperCase())),
    ...rows.map((r) => line(columns.map((c) => cell(r[c])))),
  ].join('\n');
}

const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);

/**
 * Polls a job until it ends; the job's own result decides the exit code.
 * @param {import('../src/index.js').MultpanelClient} api @param {string} id @param {number} timeoutS
 */
async function waitJob(api, id, timeoutS) {
  const deadline = Date.now() + timeoutS * 1000;
  for (;;) {
    const job = await ok(api.GET('/api/jobs/{id}', { params: { path: { id } } }));
    if (TERMINAL.has(job.status)) return job;
    if (Date.now() > deadline)
      throw new CliError(`job ${id} still ${job.status} after ${timeoutS} s`, EXIT.timeout);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

async function main(argv = process.argv.slice(2)) {
  const { values: o, positionals: args } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      'api-key': { type: 'string' },
      json: { type: 'boolean', default: false },
      wait: { type: 'boolean', default: false },
      websocket: { type: 'boolean', default: false },
      timeout: { type: 'string', default: '600' },
      body: { type: 'string' },
      search: { type: 'string' },
      company: { type: 'string' },
      page: { type: 'string' },
      'page-size': { type: 'string' },
      storage: { type: 'string' },
      schedule: { type: 'string' },
      device: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [group, action, target] = args;
  if (o.help || !group) {
    console.log(USAGE);
    return o.help ? EXIT.ok : EXIT.usage;
  }
  const saved = readConfig();
  const url = o.url ?? process.env.MULTPANEL_URL ?? saved.url;
  const apiKey = o['api-key'] ?? process.env.MULTPANEL_API_KEY ?? saved.apiKey;
  if (group === 'logout') {
    writeConfig(null);
    return EXIT.ok;
  }
  if (!url) throw new CliError('no platform URL: pass --url or run `multpanel login`', EXIT.usage);
  if (group === 'login' && o.device) return loginWithDevice(url, o.json);
  if (!apiKey)
    throw new CliError('not signed in: pass --api-key or run `multpanel login`', EXIT.auth);
  const api = createMultpanelClient({ baseUrl: url, apiKey });
  const out = (/** @type {unknown} */ data, /** @type {() => string} */ text) =>
    console.log(o.json ? JSON.stringify(data, null, 2) : text());
  const need = (/** @type {string | undefined} */ v, /** @type {string} */ what) => {
    if (!v) throw new CliError(`${group} ${action ?? ''}: ${what} is required`, EXIT.usage);
    return v;
  };
  const timeoutS = Number(o.timeout);
  const maybeWait = async (/** @type {{ job: { id: string } }} */ accepted) => {
    if (!o.wait) return out(accepted, () => `job ${accepted.job.id} queued`);
    const job = await waitJob(api, accepted.job.id, timeoutS);
    out({ ...accepted, job }, () => `job ${job.id} ${job.status}`);
    if (job.status !== 'succeeded') throw new CliError(`job ${job.id} ${job.status}`, EXIT.failed);
  };

  switch (`${group} ${action ?? ''}`.trim()) {
    case 'login':
    case 'whoami': {
      const me = await ok(api.GET('/api/auth/me'));
      if (group === 'login') writeConfig({ url, apiKey });
      const who = `${me.user.email} (${me.user.role})`;
      out(me, () => `${who}${group === 'login' ? `, remembered for ${url}` : ''}`);
      return EXIT.ok;
    }
    case 'clusters list': {
      const list = await ok(api.GET('/api/clusters'));
      out(list, () => table(list, ['id', 'name', 'status']));
      return EXIT.ok;
    }
    case 'vms list': {
      const query = {
        search: o.search,
        companyId: o.company,
        page: o.page ? Number(o.page) : undefined,
        pageSize: o['page-size'] ? Number(o['page-size']) : undefined,
      };
      const page = await ok(api.GET('/api/vms', { params: { query } }));
      out(page, () => table(page.items, ['id', 'name', 'kind', 'status', 'vmid']));
      return EXIT.ok;
    }
    case 'vms show': {
      const vm = await ok(
        api.GET('/api/vms/{id}', { params: { path: { id: need(target, 'VM_ID') } } }),
      );
      out(vm, () => table([vm], ['id', 'name', 'kind', 'status', 'vmid']));
      return EXIT.ok;
    }
    case 'vms create': {
      const body = jsonArg(need(o.body, '--body'));
      await maybeWait(await ok(api.POST('/api/vms', { body })));
      return EXIT.ok;
    }
    case 'vms start':
    case 'vms stop':
    case 'vms shutdown':
    case 'vms reboot':
    case 'vms reset':
    case 'vms suspend':
    case 'vms resume': {
      const id = need(target, 'VM_ID');
      const power = /** @type {'start'} */ (action);
      await maybeWait(
        await ok(
          api.POST('/api/vms/{id}/control', { params: { path: { id } }, body: { action: power } }),
        ),
      );
      return EXIT.ok;
    }
    case 'vms console-url': {
      const id = need(target, 'VM_ID');
      const base = url.replace(/\/+$/, '');
      if (!o.websocket) {
        const page = `${base}/vms/${encodeURIComponent(id)}/console`;
        out({ url: page }, () => page);
        return EXIT.ok;
      }
      // A one-time token (about 30 s, bound to this machine's address), for a WebSocket client.
      const s = await ok(api.POST('/api/vms/{id}/console', { params: { path: { id } } }));
      const ws = `${base.replace(/^http/, 'ws')}${s.wsPath}`;
      out({ ...s, url: ws }, () => ws);
      return EXIT.ok;
    }
    case 'jobs show': {
      const job = await ok(
        api.GET('/api/jobs/{id}', { params: { path: { id: need(target, 'JOB_ID') } } }),
      );
      out(job, () => table([job], ['id', 'type', 'status', 'progress']));
      return EXIT.ok;
    }
    case 'jobs wait': {
      const job = await waitJob(api, need(target, 'JOB_ID'), timeoutS);
      out(job, () => `job ${job.id} ${job.status}`);
      return job.status === 'succeeded' ? EXIT.ok : EXIT.failed;
    }
    case 'backups run': {
      if (o.schedule) {
        const run = await ok(
          api.POST('/api/backup-schedules/{id}/run', { params: { path: { id: o.schedule } } }),
        );
        out(run, () => 'backup schedule started');
        return EXIT.ok;
      }
      const id = need(target, 'VM_ID (or --schedule ID)');
      const body = /** @type {any} */ (o.storage ? { storage: o.storage } : {});
      await maybeWait(
        await ok(api.POST('/api/vms/{id}/backups', { params: { path: { id } }, body })),
      );
      return EXIT.ok;
    }
    default:
      throw new CliError(`unknown command "${args.join(' ')}"; see multpanel --help`, EXIT.usage);
  }
}

/**
 * `login --device`: prints a code and the page to approve it on (stderr, so `--json` output stays
 * clean), waits for the approval and remembers the API key the platform hands over.
 * @param {string} url @param {boolean} json
 */
async function loginWithDevice(url, json) {
  let approval;
  try {
    approval = await deviceLogin({
      baseUrl: url,
      clientName: `multpanel CLI on ${os.hostname()}`.slice(0, 100),
      onCode: (c) =>
        console.error(
          `To sign in, open ${c.verificationUriComplete}\n` +
            `(or ${c.verificationUri}) and confirm the code ${c.userCode}. ` +
            `It expires in ${Math.round(c.expiresIn / 60)} minutes.`,
        ),
    });
  } catch (err) {
    if (!(err instanceof DeviceLoginError)) throw err;
    const code =
      err.status === 0
        ? EXIT.timeout
        : err.status === 401 || err.status === 403
          ? EXIT.auth
          : EXIT.failed;
    throw new CliError(err.message, code);
  }
  writeConfig({ url, apiKey: approval.apiKey });
  const who = `${approval.user.email} (${approval.user.role})`;
  const shown = { user: approval.user, apiKeyId: approval.apiKeyId, url };
  console.log(json ? JSON.stringify(shown, null, 2) : `${who}, remembered for ${url}`);
  return EXIT.ok;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    const known = err instanceof CliError;
    const parse = /** @type {{ code?: string }} */ (err).code?.startsWith?.('ERR_PARSE_ARGS');
    console.error(`multpanel: ${err.message}`);
    process.exit(known ? err.code : parse ? EXIT.usage : EXIT.failed);
  },
);

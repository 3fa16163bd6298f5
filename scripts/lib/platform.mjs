// Starts the whole platform as child processes: simulator (embedded Proxmox), worker and API (which also
// serves the SPA). Used by `npm start` and by the browser tests.
import path from 'node:path';
import { ROOT } from './deps.mjs';
import { log } from './log.mjs';
import { portOpen, run, startChild, stopChildren, waitFor, waitForChildren } from './proc.mjs';

const node = process.execPath;

/** Runs a backend CLI command (migrate, seed, create-admin …) with the given environment. */
export function backendCli(args, env) {
  run(node, [path.join(ROOT, 'backend/dist/cli.js'), ...args], { cwd: ROOT, env });
}

export async function startSimulator({ port, statePath, password, silent, extraArgs = [] }) {
  const args = [
    path.join(ROOT, 'simulator/dist/cli.js'),
    '--port',
    String(port),
    '--password',
    password,
  ];
  if (statePath) args.push('--state', statePath);
  const child = startChild('sim', node, [...args, ...extraArgs], { cwd: ROOT, silent });
  try {
    await waitForChildren([child], () => portOpen(port), {
      timeoutMs: 60000,
      what: `the simulator on port ${port}`,
    });
  } catch (err) {
    await stopChildren([child]);
    throw err;
  }
  return child;
}

/** Starts the OPNsense API simulator (the edge firewalls' peer) on `port`, seeded with one API key. */
export async function startOpnSimulator({ port, key, secret, silent, extraArgs = [] }) {
  const args = [path.join(ROOT, 'simulator/dist/opn-cli.js'), '--port', String(port), '--quiet'];
  const env = { ...process.env, OPN_SIM_KEY: key, OPN_SIM_SECRET: secret };
  const child = startChild('opn-sim', node, [...args, ...extraArgs], { cwd: ROOT, env, silent });
  try {
    await waitForChildren([child], () => portOpen(port), {
      timeoutMs: 60000,
      what: `the OPNsense simulator on port ${port}`,
    });
  } catch (err) {
    await stopChildren([child]);
    throw err;
  }
  return child;
}

// pino's error and fatal lines (levels 50, 60): what a silenced service still prints.
const ERROR_LINES = /"level":\s*[56]0\b/;

/** Starts worker + API (+ the inbound SMTP listener when configured), waits until they answer. */
export async function startServices({ env, port, silent }) {
  const echo = silent ? ERROR_LINES : undefined;
  const worker = startChild('worker', node, [path.join(ROOT, 'backend/dist/worker.js')], {
    cwd: ROOT,
    env,
    silent,
    echo,
  });
  const api = startChild('api', node, [path.join(ROOT, 'backend/dist/main.js')], {
    cwd: ROOT,
    env,
    silent,
    echo,
  });
  // Replies to ticket mails over SMTP: its own process, when INBOUND_SMTP_PORT is set.
  const smtp = env.INBOUND_SMTP_PORT
    ? [
        startChild('smtp-in', node, [path.join(ROOT, 'backend/dist/inbound-smtp.js')], {
          cwd: ROOT,
          env,
          silent,
          echo,
        }),
      ]
    : [];
  const all = [worker, api, ...smtp];
  let lastHealth = '';
  try {
    await waitForChildren(
      all,
      async () => {
        try {
          const res = await fetch(`http://127.0.0.1:${port}/api/health`);
          lastHealth = `HTTP ${res.status} ${(await res.text()).slice(0, 300)}`;
          return res.status === 200;
        } catch {
          return false;
        }
      },
      { timeoutMs: 90000, what: `the API on port ${port} to report healthy` },
    );
  } catch (err) {
    await stopChildren(all);
    if (lastHealth) err.message += ` (last /api/health answer: ${lastHealth})`;
    throw err;
  }
  if (smtp.length) {
    await waitForChildren(smtp, () => portOpen(Number(env.INBOUND_SMTP_PORT)), {
      timeoutMs: 60000,
      what: `the inbound SMTP listener on port ${env.INBOUND_SMTP_PORT}`,
    }).catch(async (err) => {
      await stopChildren(all);
      throw err;
    });
  }
  return all;
}

/**
 * The demo estate (guests handed to Acme and Globex, templates allowed, grants for user@acme.demo) is set
 * up by the worker after the first inventory sync of the demo cluster; browser tests wait for it.
 */
export async function waitForDemoEstate(baseUrl, password, timeoutMs = 120000) {
  const login = async (email) => {
    const res = await fetch(`${baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    const body = await res.json();
    if (body.status !== 'ok')
      throw new Error(`demo login ${email} failed: ${JSON.stringify(body)}`);
    return body.accessToken;
  };
  const token = await login('user@acme.demo');
  await waitFor(
    async () => {
      const res = await fetch(`${baseUrl}/api/vms?pageSize=1`, {
        headers: { authorization: `Bearer ${token}` },
      });
      return res.ok && (await res.json()).total > 0;
    },
    { timeoutMs, intervalMs: 1000, what: 'the demo estate (guests granted to user@acme.demo)' },
  );
}

export function onShutdown(children, done) {
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    log.plain('\nStopping Multpanel…');
    await stopChildren(children);
    done?.();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

#!/usr/bin/env node
// `npm start`: from a fresh clone to a running demo platform on the embedded Proxmox simulator.
// Steps: Node check → npm deps → MariaDB + Redis → build → simulator → migrate + seed → worker + API.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { buildAll } from './lib/build.mjs';
import { checkNode, ensureDependencies } from './lib/deps.mjs';
import { ensureLocalSecrets, STATE_DIR } from './lib/local-env.mjs';
import { log, SetupError } from './lib/log.mjs';
import {
  backendCli,
  onShutdown,
  startOpnSimulator,
  startServices,
  startSimulator,
} from './lib/platform.mjs';
import { portOpen, stopChildren } from './lib/proc.mjs';

const children = [];

async function main() {
  const started = Date.now();
  checkNode();
  ensureDependencies();
  // services.mjs loads the mariadb driver, so it is imported only once dependencies exist.
  const { ensureMariaDb, ensureRedis, withDatabase } = await import('./lib/services.mjs');

  const local = ensureLocalSecrets();
  const port = Number(process.env.PORT || 8080);
  const simPort = Number(process.env.SIM_PORT || 8006);
  const simPassword = process.env.SIM_PASSWORD || 'sim-password';
  const opnSimPort = Number(process.env.OPN_SIM_PORT || 8443);
  // the demo firewall's API key pair, in OPNsense's format (base64 of 60 random bytes each)
  const opnSimKey = process.env.OPN_SIM_KEY || randomBytes(60).toString('base64');
  const opnSimSecret = process.env.OPN_SIM_SECRET || randomBytes(60).toString('base64');
  const demoPassword = process.env.DEMO_PASSWORD || 'demo-password';

  const dbBase = await ensureMariaDb(process.env);
  const databaseUrl = process.env.DATABASE_URL || withDatabase(dbBase, 'multpanel');
  const redisUrl = await ensureRedis(process.env);
  log.ok('MariaDB and Redis are reachable');

  for (const [p, what] of [
    [port, 'PORT'],
    [simPort, 'SIM_PORT'],
    [opnSimPort, 'OPN_SIM_PORT'],
  ]) {
    if (await portOpen(p)) {
      throw new SetupError(
        `port ${p} is already in use`,
        `Stop what uses it or choose another ${what}.`,
      );
    }
  }

  buildAll();

  const env = {
    ...process.env,
    NODE_ENV: process.env.NODE_ENV || 'development',
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    JWT_SECRET: process.env.JWT_SECRET || local.JWT_SECRET,
    ENCRYPTION_KEY: process.env.ENCRYPTION_KEY || local.ENCRYPTION_KEY,
    DEMO_MODE: process.env.DEMO_MODE || 'true',
    DEMO_PASSWORD: demoPassword,
    SIM_URL: process.env.SIM_URL || `https://127.0.0.1:${simPort}`,
    SIM_PASSWORD: simPassword,
    PUBLIC_URL: process.env.PUBLIC_URL || `http://127.0.0.1:${port}`,
    // A terminal full of request logs hides the URL and logins; LOG_LEVEL=info brings them back.
    LOG_LEVEL: process.env.LOG_LEVEL || 'warn',
  };

  log.step('Starting the Proxmox VE simulator…');
  const sim = await startSimulator({
    port: simPort,
    password: simPassword,
    statePath: path.join(STATE_DIR, 'simulator-state.json'),
    silent: true,
    // the demo world has the OPNsense template the firewall wizards clone (VMID 9010)
    extraArgs: ['--appliance-templates'],
  });
  children.push(sim);
  onShutdown(children);
  log.step('Starting the OPNsense simulator…');
  children.push(
    await startOpnSimulator({
      port: opnSimPort,
      key: opnSimKey,
      secret: opnSimSecret,
      silent: true,
    }),
  );

  log.step('Applying database migrations…');
  backendCli(['migrate'], env);
  if (env.DEMO_MODE === 'true') {
    log.step('Seeding demo data…');
    backendCli(['seed'], env);
  }

  log.step('Starting worker and API…');
  children.push(...(await startServices({ env, port })));

  const url = `http://127.0.0.1:${port}`;
  log.plain('');
  log.ok(
    `Multpanel is running at ${log.bold(url)}  (ready in ${((Date.now() - started) / 1000).toFixed(0)} s)`,
  );
  log.plain(`  API docs:  ${url}/api/docs      Health: ${url}/api/health`);
  log.plain(`  Proxmox simulator: https://127.0.0.1:${simPort} (root@pam / ${simPassword})`);
  log.plain(
    `  OPNsense simulator: https://127.0.0.1:${opnSimPort}/api (OPN_SIM_KEY / OPN_SIM_SECRET)`,
  );
  if (env.DEMO_MODE === 'true') {
    log.plain(`  Demo logins (password "${demoPassword}"):`);
    for (const [email, role] of [
      ['admin@demo.local', 'MSP operator (super_admin)'],
      ['sales@demo.local', 'salesperson for Acme'],
      ['admin@acme.demo', 'Acme Corp administrator'],
      ['user@acme.demo', 'Acme Corp user'],
      ['admin@globex.demo', 'Globex administrator'],
      ['user@globex.demo', 'Globex user'],
    ]) {
      log.plain(`    ${email.padEnd(20)} ${role}`);
    }
  }
  log.plain('  Press Ctrl+C to stop.');
}

main().catch(async (err) => {
  await stopChildren(children);
  log.fail(err.message);
  if (err.hint) log.plain(`  ${err.hint}`);
  else if (!(err instanceof SetupError)) console.error(err.stack);
  process.exit(1);
});

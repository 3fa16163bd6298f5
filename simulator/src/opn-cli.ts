#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { startOpnSim } from './opnsense/server';

const HELP = `opn-sim — OPNsense 26.x API simulator (HTTPS, /api/<module>/<controller>/<command>)

Usage: opn-sim [options]

  --port <n>          HTTPS port (default 8443, 0 = ephemeral)
  --host <addr>       listen address (default 127.0.0.1)
  --version <v>       product_version reported; endpoints follow it (default 26.1.2):
                      d_nat from 26.1, one_to_one from 24.7, filter savepoint/revert until 26.7
  --key <k>           API key of the seeded "automation" user (env OPN_SIM_KEY)
  --secret <s>        its secret (env OPN_SIM_SECRET); stored as a $6$ crypt hash like OPNsense
  --unconfigured      start like a fresh VM: no key works until a config.xml is imported
  --rollback-ms <n>   auto-revert delay after filter/apply/<revision> (default 60000)
  --quiet             no request log
  --help              show this help

Control (outside /api, no auth):
  GET  /_sim/state                      version, users, pending vs running state per area, faults
  POST /_sim/version      version=<v>   change the reported version (and the endpoint set)
  POST /_sim/users        key=,secret=  add an API user (acl: JSON list of URL patterns)
  POST /_sim/config-xml   <config.xml>  first boot: import users, host name and interfaces
  POST /_sim/down | /_sim/up            stop / resume answering API requests (connection reset)
  POST /_sim/lockout-on-apply count=<n> the next n firewall applies cut the API off until the
                                        savepoint rollback timer restores the previous rules
  POST /_sim/rollback-ms  ms=<n>        change the auto-revert delay
  POST /_sim/reset                      clear faults
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      version: { type: 'string' },
      key: { type: 'string' },
      secret: { type: 'string' },
      unconfigured: { type: 'boolean' },
      'rollback-ms': { type: 'string' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const port = Number(values.port ?? 8443);
  if (!Number.isInteger(port) || port < 0) throw new Error('--port must be a number >= 0');
  const version = values.version ?? '26.1.2';
  if (!/^\d+\.\d+(\.\d+)?(_\d+)?$/.test(version)) throw new Error('--version looks like 26.1.2');
  const key = values.key ?? process.env.OPN_SIM_KEY;
  const secret = values.secret ?? process.env.OPN_SIM_SECRET;
  if ((key === undefined) !== (secret === undefined))
    throw new Error('--key and --secret go together');
  const sim = await startOpnSim({
    port,
    host: values.host ?? '127.0.0.1',
    version,
    users: key && secret ? [{ key, secret }] : [],
    unconfigured: values.unconfigured ?? false,
    rollbackMs: values['rollback-ms'] ? Number(values['rollback-ms']) : undefined,
    quiet: values.quiet ?? false,
  });
  console.log(`opnsense-sim ${version}: ${sim.url}/api  (fingerprint ${sim.fingerprint})`);
  const stop = () => {
    void sim.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(`opn-sim: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(2);
});

#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { startSimulator } from './simulator';

const HELP = `pve-sim — Proxmox VE 9.1 API simulator (HTTPS, /api2/json)

Usage: pve-sim [options]

  --port <n>         first HTTPS port; cluster i listens on port+i-1 (default 8006, 0 = ephemeral)
  --host <addr>      listen address (default 127.0.0.1)
  --clusters <n>     number of independent clusters (default 1), named sim-cluster-1..N
  --nodes <n>        nodes per cluster, named pve1..pveN (default 3)
  --guests <n>       guests per cluster: QEMU VMs, LXC containers and 3 QEMU templates (default 30);
                     the templates are 9000-9002, other guests skip 9000-9099
  --appliance-templates  also the OPNsense appliance template opnsense-26.1 (VMID 9010) that edge
                     firewall deployments clone (outside --guests; the demo world has it)
  --password <pw>    root@pam password (default sim-password; env SIM_PASSWORD)
  --seed <n>         seed for the deterministic world (default 1)
  --state <file>     JSON file to load the world from and save it to (survives restarts)
  --task-speed <f>   multiplier on simulated task durations (default 1; 0 = instant)
  --auth-delay <ms>  delay before 401 answers (real PVE ~3000; default 0)
  --quiet            no request log
  --help             show this help

Fault injection (per cluster port, outside /api2, no auth):
  GET  /_sim/status                        current faults and nodes
  POST /_sim/latency      ms=<n>           add latency to every API request
  POST /_sim/error-rate   rate=<0..1>      answer this share of API requests with HTTP 500
  POST /_sim/fail-tasks   count=<n>        the next n tasks end with "TASK ERROR"
  POST /_sim/speed        factor=<f>       change task duration multiplier
  POST /_sim/reply-delay  ms=<n>           answer writes this late, after they took effect
  POST /_sim/lost-replies count=<n>        the next n writes take effect, their answer is lost
  POST /_sim/nodes/<node>/offline|online   take a node down / bring it back
  GET  /_sim/guests/<vmid>                 a guest's state and guest agent
  POST /_sim/guests/<vmid>/agent running=<0|1>  the VM's guest OS runs qemu-guest-agent or not
  POST /_sim/guests/<vmid>/address ip=<a.b.c.d>  eth0 of the guest reports this address (real SSH target)
  POST /_sim/ssh-endpoint ip=<a.b.c.d> keysFile=<path>  new guests are this real SSH server (keys appended)
  POST /_sim/reset                         clear all faults
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      clusters: { type: 'string' },
      nodes: { type: 'string' },
      guests: { type: 'string' },
      password: { type: 'string' },
      seed: { type: 'string' },
      state: { type: 'string' },
      'task-speed': { type: 'string' },
      'auth-delay': { type: 'string' },
      quiet: { type: 'boolean' },
      'appliance-templates': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const int = (v: string | undefined, name: string, def: number, min = 0): number => {
    if (v === undefined) return def;
    const n = Number(v);
    if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number >= ${min}`);
    return n;
  };
  const sim = await startSimulator({
    port: int(values.port, 'port', 8006),
    host: values.host ?? '127.0.0.1',
    clusters: int(values.clusters, 'clusters', 1, 1),
    nodes: int(values.nodes, 'nodes', 3, 1),
    guests: int(values.guests, 'guests', 30, 0),
    password: values.password ?? process.env.SIM_PASSWORD ?? 'sim-password',
    seed: int(values.seed, 'seed', 1),
    state: values.state,
    taskSpeed: int(values['task-speed'], 'task-speed', 1),
    authFailDelayMs: int(values['auth-delay'], 'auth-delay', 0),
    quiet: values.quiet ?? false,
    applianceTemplates: values['appliance-templates'] ?? false,
  });
  for (const c of sim.clusters)
    console.log(`${c.name}: ${c.url}/api2/json  (fingerprint ${c.fingerprint})`);
  console.log('login: root@pam (password from --password)');
  const stop = () => {
    void sim.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});

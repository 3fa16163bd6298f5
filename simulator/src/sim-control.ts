import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ClusterRuntime } from './runtime';
import { PveError } from './errors';
import { agentEnabled, guestAgentRunning } from './world/agent';
import type { EsxiGuest, Guest } from './world/types';
import { parseBodyParams, readBody } from './server';

/**
 * Fault injection and test knobs under /_sim (outside /api2, unauthenticated, simulator-only):
 *   GET  /_sim/status                      → current faults, nodes, guest count
 *   POST /_sim/latency      {ms}           → add latency to every API request
 *   POST /_sim/error-rate   {rate}         → fail this share (0..1) of API requests with HTTP 500
 *   POST /_sim/fail-tasks   {count}        → the next N tasks end with "TASK ERROR"
 *   POST /_sim/speed        {factor}       → multiply task durations (0 = instant, 1 = default)
 *   POST /_sim/reply-delay  {ms}           → answer writes (POST/PUT/DELETE) this late, after they took effect
 *   POST /_sim/lost-replies {count}        → the next N writes take effect, then the connection is reset
 *   POST /_sim/nodes/{node}/offline|online → take a node down / bring it back
 *   GET  /_sim/guests/{vmid}               → a guest's state, including its guest agent
 *   POST /_sim/guests/{vmid}/agent {running} → the guest OS runs qemu-guest-agent (1) or not (0)
 *   POST /_sim/guests/{vmid}/load {cpu}    → the guest reports this CPU share (0..1) while running;
 *                                            without `cpu`, its usual varying load again
 *   POST /_sim/guests/{vmid}/address {ip}  → eth0 of the guest reports this IPv4 address (agent and
 *                                            lxc interfaces); without `ip`, the generated one again
 *   POST /_sim/ssh-endpoint {ip, keysFile} → guests created from now on are a real SSH server: eth0
 *                                            reports `ip`, their cloud-init / container SSH keys are
 *                                            appended to `keysFile`; without `ip`, off again
 *   POST /_sim/reset                       → clear all faults and loads, bring every node online
 *   POST /_sim/esxi {server, vms: [...]}   → the VMs ESXi host `server` holds, as an esxi storage pointed
 *                                            at it lists them (EsxiGuest objects; JSON body)
 */
export async function handleSimControl(
  rt: ClusterRuntime,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const method = req.method ?? 'GET';
  const params: Record<string, unknown> = Object.fromEntries(url.searchParams);
  if (method === 'POST')
    Object.assign(params, parseBodyParams(await readBody(req), req.headers['content-type']));
  const num = (k: string, min: number, max: number): number => {
    const v = Number(params[k]);
    if (!Number.isFinite(v) || v < min || v > max)
      throw new PveError(400, `${k} must be a number between ${min} and ${max}`);
    return v;
  };
  const path = url.pathname.replace(/\/+$/, '');
  const f = rt.faults;
  let m: RegExpExecArray | null;
  if ((m = /^\/_sim\/guests\/(\d+)(\/agent|\/load|\/address)?$/.exec(path))) {
    const g = rt.state.guests.get(Number(m[1]));
    if (!g) throw new PveError(404, `no guest ${m[1]}`);
    if (m[2] === '/address') {
      if (method !== 'POST') throw new PveError(405, 'use POST');
      const ip = params.ip === undefined || params.ip === '' ? undefined : String(params.ip);
      if (ip !== undefined && !/^(\d{1,3}\.){3}\d{1,3}$/.test(ip))
        throw new PveError(400, 'ip must be an IPv4 address');
      if (ip === undefined) delete g.reportedAddress;
      else g.reportedAddress = ip;
      rt.changed();
    } else if (m[2] === '/load') {
      if (method !== 'POST') throw new PveError(405, 'use POST');
      if (params.cpu === undefined || params.cpu === '') delete g.cpuLoad;
      else g.cpuLoad = num('cpu', 0, 1);
      rt.changed();
    } else if (m[2]) {
      if (method !== 'POST') throw new PveError(405, 'use POST');
      if (g.type !== 'qemu') throw new PveError(400, `CT ${g.vmid} has no QEMU guest agent`);
      g.guestAgent = num('running', 0, 1) === 1;
      rt.changed();
    } else if (method !== 'GET') throw new PveError(405, 'use GET');
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ data: guestView(g) }));
    return;
  }
  if (method === 'GET' && path === '/_sim/status') {
    // nothing to change
  } else if (method !== 'POST') {
    throw new PveError(405, 'use POST');
  } else if (path === '/_sim/latency') f.latencyMs = num('ms', 0, 60_000);
  else if (path === '/_sim/error-rate') f.errorRate = num('rate', 0, 1);
  else if (path === '/_sim/fail-tasks') f.failTasks = Math.floor(num('count', 0, 1_000_000));
  else if (path === '/_sim/speed') f.speed = num('factor', 0, 100);
  else if (path === '/_sim/reply-delay') f.replyDelayMs = num('ms', 0, 60_000);
  else if (path === '/_sim/lost-replies') f.lostReplies = Math.floor(num('count', 0, 1_000_000));
  else if (path === '/_sim/failed-writes') f.failedWrites = Math.floor(num('count', 0, 1_000_000));
  else if (path === '/_sim/esxi') setEsxiHost(rt, params);
  else if (path === '/_sim/ssh-endpoint') setSshEndpoint(rt, params);
  else if ((m = /^\/_sim\/nodes\/([^/]+)\/(offline|online)$/.exec(path))) {
    const n = rt.state.nodes.find((x) => x.name === m![1]);
    if (!n) throw new PveError(404, `no such node '${m[1]}'`);
    n.online = m[2] === 'online';
    if (!n.online) scheduleHaRecovery(rt, n.name);
    rt.changed();
  } else if (path === '/_sim/reset') {
    Object.assign(f, {
      latencyMs: 0,
      errorRate: 0,
      failTasks: 0,
      replyDelayMs: 0,
      lostReplies: 0,
      failedWrites: 0,
    });
    for (const n of rt.state.nodes) n.online = true;
    for (const g of rt.state.guests.values()) delete g.cpuLoad;
    rt.changed();
  } else throw new PveError(404, `unknown simulator control ${path}`);
  const body = JSON.stringify({
    data: {
      cluster: rt.state.name,
      faults: { ...f },
      nodes: rt.state.nodes.map((n) => ({ node: n.name, online: n.online })),
      guests: rt.state.guests.size,
      guestAgents: agentCounts(rt),
      ...(rt.state.sshEndpoint ? { sshEndpoint: rt.state.sshEndpoint } : {}),
    },
  });
  res.setHeader('Content-Type', 'application/json');
  res.end(body);
}

function guestView(g: Guest) {
  return {
    vmid: g.vmid,
    type: g.type,
    node: g.node,
    status: g.status,
    ...(g.cpuLoad !== undefined ? { cpuLoad: g.cpuLoad } : {}),
    ...(g.reportedAddress !== undefined ? { reportedAddress: g.reportedAddress } : {}),
    ...(g.type === 'qemu'
      ? {
          agent: {
            configured: g.config.agent !== undefined,
            enabled: agentEnabled(g.config.agent),
            running: guestAgentRunning(g),
          },
        }
      : {}),
  };
}

/** Running VMs whose agent answers, and those whose agent does not (PVE: "QEMU guest agent is not running"). */
function agentCounts(rt: ClusterRuntime) {
  let answering = 0;
  let silent = 0;
  for (const g of rt.state.guests.values()) {
    if (g.type !== 'qemu' || g.status !== 'running' || !agentEnabled(g.config.agent)) continue;
    if (guestAgentRunning(g)) answering++;
    else silent++;
  }
  return { answering, notRunning: silent };
}

/** HA-managed guests of a failed node are fenced and recovered on another online node, like the CRM does. */
function scheduleHaRecovery(rt: ClusterRuntime, failed: string): void {
  const ha = rt.state.firewall?.ha ?? {};
  const delay = Math.round(2000 * rt.faults.speed);
  const timer = setTimeout(() => {
    const node = rt.state.nodes.find((x) => x.name === failed);
    if (!node || node.online) return;
    const targets = rt.state.nodes.filter((x) => x.online);
    if (!targets.length) return;
    let i = 0;
    for (const res of Object.values(ha)) {
      const g = rt.state.guests.get(Number(String(res.sid).split(':')[1]));
      if (!g || g.node !== failed || res.state === 'ignored' || res.state === 'disabled') continue;
      const target = targets[i++ % targets.length];
      rt.tasks.start({
        node: target.name,
        type: 'hastart',
        id: g.vmid,
        user: 'root@pam',
        durationMs: 300,
      });
      g.node = target.name;
      if (res.state === 'started') {
        g.status = 'running';
        g.startedAt = Math.floor(Date.now() / 1000);
      }
      delete g.lock;
    }
    rt.changed();
  }, delay);
  timer.unref?.();
}

/** Replaces what ESXi host `server` holds (body `{server, vms}`, vms as EsxiGuest objects). */
function setEsxiHost(rt: ClusterRuntime, params: Record<string, unknown>): void {
  const server = typeof params.server === 'string' ? params.server.trim() : '';
  if (!server) throw new PveError(400, 'server is required');
  const raw = params.vms === undefined ? [] : Array.isArray(params.vms) ? params.vms : [params.vms];
  const vms = raw.map((v): EsxiGuest => {
    let o: Partial<EsxiGuest>;
    try {
      o = (typeof v === 'string' ? JSON.parse(v) : v) as Partial<EsxiGuest>;
    } catch {
      throw new PveError(400, 'vms: malformed JSON');
    }
    if (
      typeof o.path !== 'string' ||
      !/^[^/]+\/[^/]+\/.+\.vmx$/.test(o.path) ||
      typeof o.name !== 'string' ||
      !Number.isInteger(o.cores) ||
      !Number.isInteger(o.memory) ||
      !Array.isArray(o.disks)
    )
      throw new PveError(
        400,
        'each VM needs path (<dc>/<datastore>/…/x.vmx), name, cores, memory, disks',
      );
    return { ostype: 'l26', ...o, server } as EsxiGuest;
  });
  rt.state.esxiGuests = [...rt.state.esxiGuests.filter((e) => e.server !== server), ...vms];
  rt.changed();
}

/** `/_sim/ssh-endpoint`: new guests are the real SSH server at `ip` (keys appended to `keysFile`). */
function setSshEndpoint(rt: ClusterRuntime, params: Record<string, unknown>): void {
  const ip = params.ip === undefined || params.ip === '' ? undefined : String(params.ip);
  if (ip === undefined) {
    delete rt.state.sshEndpoint;
    return;
  }
  if (!/^(\d{1,3}\.){3}\d{1,3}$/.test(ip)) throw new PveError(400, 'ip must be an IPv4 address');
  const keysFile =
    typeof params.keysFile === 'string' && params.keysFile ? params.keysFile : undefined;
  if (keysFile !== undefined && !keysFile.startsWith('/'))
    throw new PveError(400, 'keysFile must be an absolute path');
  rt.state.sshEndpoint = { address: ip, ...(keysFile ? { keysFile } : {}) };
}

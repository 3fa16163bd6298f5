import { setTimeout as delay } from 'node:timers/promises';
import type { EsxiAgentCheck } from '@multpanel/contracts';
import type { ProxmoxApi } from '../../common/proxmox';

/** How often the agent is asked while the guest boots. */
const POLL_MS = 2000;

/**
 * After a wave's import started the guest: asks its QEMU guest agent for the network interfaces
 * (`GET /nodes/{node}/qemu/{vmid}/agent/network-get-interfaces`) until it answers or `seconds`
 * have passed. Proxmox answers 500 "QEMU guest agent is not running" until the guest OS runs the
 * agent, so every failure before the deadline is a "not yet". The result is not a failure of the
 * import: a silent agent is reported (install qemu-guest-agent is on the checklist).
 */
export async function checkGuestAgent(
  api: ProxmoxApi,
  node: string,
  vmid: number,
  seconds: number,
  signal: AbortSignal,
): Promise<EsxiAgentCheck> {
  const started = Date.now();
  const deadline = started + seconds * 1000;
  const waited = () => Math.round((Date.now() - started) / 100) / 10;
  for (;;) {
    try {
      const ifaces = await api.agentNetworkInterfaces(node, vmid);
      const addresses = ifaces
        .filter((i) => i.name !== 'lo')
        .flatMap((i) => i.addresses.map((a) => a.address))
        .filter((a) => !a.startsWith('127.') && a !== '::1' && !a.startsWith('fe80:'));
      return { answered: true, addresses, waitedSeconds: waited() };
    } catch (err) {
      if (signal.aborted) throw err;
    }
    if (Date.now() >= deadline) return { answered: false, addresses: [], waitedSeconds: waited() };
    await delay(Math.min(POLL_MS, Math.max(0, deadline - Date.now())), undefined, { signal });
  }
}

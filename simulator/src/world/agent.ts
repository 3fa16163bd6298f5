import { PveError } from '../errors';
import { parseBoolean } from '../schema/param-validator';
import { noise } from './random';
import type { Guest } from './types';

/** Share of generated VMs whose guest OS runs qemu-guest-agent (real estates: many do not). */
const AGENT_SHARE = 0.7;

/**
 * Whether the guest OS of a VM runs qemu-guest-agent. Unless set explicitly (create, clone, /_sim), it is
 * derived from the VMID, so a world is the same for the same seed; templates always have it.
 */
export function guestAgentRunning(g: Guest): boolean {
  if (g.guestAgent !== undefined) return g.guestAgent;
  if (g.config.template) return true;
  return noise(g.vmid, 4711) < AGENT_SHARE;
}

/** `agent: [enabled=]<1|0>,...` */
export function agentEnabled(value: unknown): boolean {
  if (value === undefined) return false;
  const first = String(value)
    .split(',')[0]
    .replace(/^enabled=/, '');
  return parseBoolean(first) === 1;
}

/**
 * qemu-server's assert_agent_available: the agent key must be configured, the VM running and the agent
 * answering inside it (a VM with `agent: 0` has no agent channel, so it "is not running" either).
 */
export function assertAgentAvailable(g: Guest): void {
  if (g.config.agent === undefined) throw new PveError(500, 'No QEMU guest agent configured');
  if (g.status !== 'running') throw new PveError(500, `VM ${g.vmid} is not running`);
  if (!agentEnabled(g.config.agent) || !guestAgentRunning(g) || g.qmpstatus === 'paused')
    throw new PveError(500, 'QEMU guest agent is not running');
}

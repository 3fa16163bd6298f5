import type { ConsoleSession } from '@multpanel/contracts/console';
import { api } from '@/lib/api-client';

/** What a console page is attached to: a guest, or (operators only) a node's shell. */
export type ConsoleTarget =
  { type: 'guest'; vmId: string } | { type: 'node'; clusterId: string; node: string };

/**
 * Asks for a fresh one-time console token. Called again for every reconnect: a token works once and
 * only for ~30 s, so it is never cached (no TanStack Query cache on purpose).
 */
export function openConsole(target: ConsoleTarget): Promise<ConsoleSession> {
  return target.type === 'guest'
    ? api.post<ConsoleSession>(`/vms/${encodeURIComponent(target.vmId)}/console`)
    : api.post<ConsoleSession>(
        `/clusters/${encodeURIComponent(target.clusterId)}/nodes/${encodeURIComponent(target.node)}/console`,
      );
}

/** `ws(s)://<this origin>/api/vms/console?token=…` from the relative `wsPath`. */
export function consoleSocketUrl(wsPath: string, location: Pick<Location, 'protocol' | 'host'>) {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${wsPath}`;
}

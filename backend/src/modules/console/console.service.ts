import { Injectable } from '@nestjs/common';
import { CONSOLE_WS_PATH, type ConsoleSession } from '@multpanel/contracts';
import { AccessService } from '../../common/access/access.service';
import type { Actor } from '../../common/auth/actor';
import type { ConsoleTicket } from '../../common/proxmox';
import { ClusterConnectionService } from '../clusters/cluster-connection.service';
import { ConsoleOptions } from './console.options';
import { ConsoleTokenStore, type ConsoleTokenRecord } from './console-token.store';

/**
 * Issues console sessions: checks the caller's right, asks Proxmox for a vncproxy/termproxy
 * ticket and parks it in Redis behind a one-time token the browser trades for the WebSocket.
 */
@Injectable()
export class ConsoleService {
  constructor(
    private readonly access: AccessService,
    private readonly connections: ClusterConnectionService,
    private readonly tokens: ConsoleTokenStore,
    private readonly options: ConsoleOptions,
  ) {}

  async openGuestConsole(actor: Actor, guestId: string): Promise<ConsoleSession> {
    // 404 outside the caller's companies or without a grant; 403 with a grant lacking `console`.
    const guest = await this.access.requireGuest(actor, guestId, 'console');
    const { api } = await this.connections.open(guest.clusterId, 'interactive');
    const vmid = guest.activeVmid ?? guest.vmid;
    // QEMU: the graphical console; containers: their shell through termproxy.
    const mode = guest.kind === 'qemu' ? 'vnc' : 'term';
    const ticket =
      mode === 'vnc'
        ? await api.vncProxy(guest.node, guest.kind, vmid)
        : await api.termProxy(guest.node, guest.kind, vmid);
    return this.issue({
      userId: actor.principal.userId,
      ip: actor.meta.ip,
      companyId: guest.companyId,
      title: guest.name ?? `${guest.kind === 'qemu' ? 'VM' : 'CT'} ${vmid}`,
      mode,
      target: {
        kind: guest.kind,
        clusterId: guest.clusterId,
        node: guest.node,
        vmid,
        guestId: guest.id,
      },
      pve: this.pveOf(ticket),
    });
  }

  /** A node shell is root on the hypervisor: node.console (route) on a cluster the caller manages. */
  async openNodeShell(actor: Actor, clusterId: string, node: string): Promise<ConsoleSession> {
    await this.access.requireCluster(actor, clusterId, 'manage');
    const { api } = await this.connections.open(clusterId, 'interactive');
    const ticket = await api.nodeTermProxy(node);
    return this.issue({
      userId: actor.principal.userId,
      ip: actor.meta.ip,
      companyId: null,
      title: `node ${node}`,
      mode: 'term',
      target: { kind: 'node', clusterId, node },
      pve: this.pveOf(ticket),
    });
  }

  private pveOf(t: ConsoleTicket): ConsoleTokenRecord['pve'] {
    return { user: t.user, ticket: t.ticket, port: t.port, password: t.password };
  }

  private async issue(record: Omit<ConsoleTokenRecord, 'expiresAt'>): Promise<ConsoleSession> {
    const expiresAt = Date.now() + this.options.tokenTtlMs;
    const token = await this.tokens.issue({ ...record, expiresAt }, this.options.tokenTtlMs);
    return {
      token,
      wsPath: `${CONSOLE_WS_PATH}?token=${encodeURIComponent(token)}`,
      kind: record.mode,
      title: record.title,
      expiresAt: new Date(expiresAt).toISOString(),
    };
  }
}

import { Injectable } from '@nestjs/common';
import { CONSOLE_WS_PATH, type ConsoleSession } from '@multpanel/contracts';
import type { Principal, Scope } from '../../common/auth/scope';
import { notFound } from '../../common/errors/app-error';
import type { ConsoleTicket, ProxmoxApi } from '../../common/proxmox';
import { ClustersService } from '../clusters/clusters.service';
import { VmAccessService } from '../vm-grants/vm-access.service';
import { nodeShellForbidden, proxmoxConsoleError } from './console.errors';
import { ConsoleOptions } from './console.options';
import { ConsoleTokenStore, type ConsoleTokenRecord } from './console-token.store';

/**
 * Issues console sessions: checks the caller's right, asks Proxmox for a vncproxy/termproxy
 * ticket and parks it in Redis behind a one-time token the browser trades for the WebSocket.
 */
@Injectable()
export class ConsoleService {
  constructor(
    private readonly access: VmAccessService,
    private readonly clusters: ClustersService,
    private readonly tokens: ConsoleTokenStore,
    private readonly options: ConsoleOptions,
  ) {}

  async openGuestConsole(
    principal: Principal,
    scope: Scope,
    guestId: string,
    ip: string | null,
  ): Promise<ConsoleSession> {
    // 404 outside the caller's companies or without a grant; 403 with a grant lacking `console`.
    const guest = await this.access.assertRight(principal, scope, guestId, 'console');
    const api = await this.api(guest.clusterId);
    const vmid = guest.activeVmid ?? guest.vmid;
    // QEMU: the graphical console; containers: their shell through termproxy.
    const mode = guest.kind === 'qemu' ? 'vnc' : 'term';
    const ticket = await this.ask(() =>
      mode === 'vnc'
        ? api.vncProxy(guest.node, guest.kind, vmid)
        : api.termProxy(guest.node, guest.kind, vmid),
    );
    return this.issue({
      userId: principal.userId,
      ip,
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

  async openNodeShell(
    principal: Principal,
    clusterId: string,
    node: string,
    ip: string | null,
  ): Promise<ConsoleSession> {
    // A node shell is root on the hypervisor: platform operators only, whatever the permission map says.
    if (principal.role !== 'super_admin') throw nodeShellForbidden();
    const api = await this.api(clusterId);
    const ticket = await this.ask(() => api.nodeTermProxy(node));
    return this.issue({
      userId: principal.userId,
      ip,
      companyId: null,
      title: `node ${node}`,
      mode: 'term',
      target: { kind: 'node', clusterId, node },
      pve: this.pveOf(ticket),
    });
  }

  private async api(clusterId: string): Promise<ProxmoxApi> {
    const cluster = await this.clusters.connect(clusterId);
    if (!cluster) throw notFound('Cluster');
    return cluster.api;
  }

  private async ask(call: () => Promise<ConsoleTicket>): Promise<ConsoleTicket> {
    try {
      return await call();
    } catch (err) {
      throw proxmoxConsoleError(err);
    }
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

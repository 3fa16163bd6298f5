import { toBool, toInt, toStr } from './lenient';
import type { Params } from './proxmox-http';
import {
  ProxmoxClient,
  pvePath,
  type ProxmoxClientOptions,
  type RequestOptions,
  type UpgradeTarget,
} from './proxmox.client';
import {
  normalizeClusterStatus,
  normalizeConsole,
  normalizeContent,
  normalizeGuest,
  normalizeNode,
  normalizeResource,
  normalizeStorage,
  normalizeTaskStatus,
  type ClusterResource,
  type ClusterStatusEntry,
  type ConsoleTicket,
  type GuestKind,
  type GuestListEntry,
  type NodeListEntry,
  type PowerAction,
  type PveVersion,
  type RrdTimeframe,
  type StorageContentEntry,
  type StorageEntry,
  type TaskStatus,
} from './proxmox.types';
import { waitForTask, type TaskResult, type WaitForTaskOptions } from './task-waiter';

type Raw = Record<string, unknown>;

/** One network interface as the QEMU guest agent reports it. */
export interface AgentInterface {
  name: string;
  mac: string | null;
  addresses: Array<{ address: string; prefix: number | null }>;
}
const list = (v: unknown): Raw[] => (Array.isArray(v) ? (v as Raw[]) : []);

/**
 * Typed methods for every Proxmox call the platform makes. Each maps to one documented method+path
 * of the PVE 9.1 schema; contract tests run them through `checkPveRequest`.
 * Methods that start a task return its UPID; pass it to `waitForTask`.
 */
export class ProxmoxApi {
  constructor(readonly client: ProxmoxClient) {}

  static create(options: ProxmoxClientOptions): ProxmoxApi {
    return new ProxmoxApi(new ProxmoxClient(options));
  }

  close(): void {
    this.client.close();
  }

  waitForTask(upid: string, opts?: WaitForTaskOptions): Promise<TaskResult> {
    return waitForTask(this.client, upid, opts);
  }

  // --- cluster & inventory ---------------------------------------------------------------

  async version(opts?: RequestOptions): Promise<PveVersion> {
    const v = (await this.client.get<Raw>('/version', {}, opts)) ?? {};
    return {
      version: toStr(v.version) ?? '',
      release: toStr(v.release) ?? '',
      repoid: toStr(v.repoid) ?? '',
    };
  }

  async clusterStatus(opts?: RequestOptions): Promise<ClusterStatusEntry[]> {
    return list(await this.client.get('/cluster/status', {}, opts)).map(normalizeClusterStatus);
  }

  async clusterResources(
    type?: 'vm' | 'storage' | 'node' | 'sdn',
    opts?: RequestOptions,
  ): Promise<ClusterResource[]> {
    return list(await this.client.get('/cluster/resources', { type }, opts)).map(normalizeResource);
  }

  /** `GET /cluster/backup-info/not-backed-up`: the VMIDs no Proxmox backup job covers (Sys.Audit on /). */
  async guestsWithoutBackupJob(opts?: RequestOptions): Promise<number[]> {
    return list(await this.client.get('/cluster/backup-info/not-backed-up', {}, opts))
      .map((g) => toInt(g.vmid))
      .filter((v): v is number => v !== undefined);
  }

  async nextId(vmid?: number): Promise<number> {
    const v = await this.client.get<unknown>('/cluster/nextid', { vmid });
    const n = toInt(v);
    if (n === undefined) throw new Error(`Proxmox returned an unexpected next id: ${String(v)}`);
    return n;
  }

  async nodes(opts?: RequestOptions): Promise<NodeListEntry[]> {
    return list(await this.client.get('/nodes', {}, opts)).map(normalizeNode);
  }

  nodeStatus(node: string): Promise<Raw> {
    return this.client.get<Raw>(pvePath`/nodes/${node}/status`);
  }

  async nodeRrdData(node: string, timeframe: RrdTimeframe, cf?: 'AVERAGE' | 'MAX'): Promise<Raw[]> {
    return list(await this.client.get(pvePath`/nodes/${node}/rrddata`, { timeframe, cf }));
  }

  async clusterTasks(): Promise<TaskStatus[]> {
    return list(await this.client.get('/cluster/tasks')).map(normalizeTaskStatus);
  }

  // --- guests --------------------------------------------------------------------------

  async guests(node: string, kind: GuestKind): Promise<GuestListEntry[]> {
    const path = kind === 'qemu' ? pvePath`/nodes/${node}/qemu` : pvePath`/nodes/${node}/lxc`;
    return list(await this.client.get(path)).map(normalizeGuest);
  }

  guestStatus(node: string, kind: GuestKind, vmid: number, opts?: RequestOptions): Promise<Raw> {
    return this.client.get<Raw>(pvePath`/nodes/${node}/${kind}/${vmid}/status/current`, {}, opts);
  }

  guestConfig(
    node: string,
    kind: GuestKind,
    vmid: number,
    params: { current?: boolean; snapshot?: string } = {},
    opts?: RequestOptions,
  ): Promise<Raw & { digest?: string }> {
    return this.client.get(pvePath`/nodes/${node}/${kind}/${vmid}/config`, params, opts);
  }

  /**
   * The QEMU guest agent's `network-get-interfaces` (500 "QEMU guest agent is not running" until the
   * guest OS answers): each interface with its MAC and addresses.
   */
  async agentNetworkInterfaces(node: string, vmid: number): Promise<AgentInterface[]> {
    const out = await this.client.get<{ result?: unknown }>(
      pvePath`/nodes/${node}/qemu/${vmid}/agent/network-get-interfaces`,
    );
    const list = Array.isArray(out?.result) ? (out.result as Raw[]) : [];
    return list.map((i) => ({
      name: toStr(i.name) ?? '',
      mac: toStr(i['hardware-address'])?.toLowerCase() ?? null,
      addresses: (Array.isArray(i['ip-addresses']) ? (i['ip-addresses'] as Raw[]) : []).flatMap(
        (a) => {
          const address = toStr(a['ip-address']);
          return address ? [{ address, prefix: toInt(a.prefix) ?? null }] : [];
        },
      ),
    }));
  }

  async guestPending(
    node: string,
    kind: GuestKind,
    vmid: number,
  ): Promise<Array<{ key: string; value?: unknown; pending?: unknown; delete?: number }>> {
    return list(await this.client.get(pvePath`/nodes/${node}/${kind}/${vmid}/pending`)).map(
      (r) => ({
        key: toStr(r.key) ?? '',
        value: r.value,
        pending: r.pending,
        delete: toInt(r.delete),
      }),
    );
  }

  async guestRrdData(
    node: string,
    kind: GuestKind,
    vmid: number,
    timeframe: RrdTimeframe,
    cf?: 'AVERAGE' | 'MAX',
  ): Promise<Raw[]> {
    return list(
      await this.client.get(pvePath`/nodes/${node}/${kind}/${vmid}/rrddata`, { timeframe, cf }),
    );
  }

  /**
   * The addresses a running guest reports per interface: a VM through its QEMU guest agent
   * (`agent/network-get-interfaces`), a container through `lxc/{vmid}/interfaces`.
   */
  async guestInterfaces(
    node: string,
    kind: GuestKind,
    vmid: number,
    opts?: RequestOptions,
  ): Promise<Array<{ name: string; ipv4: string[]; ipv6: string[] }>> {
    const raw =
      kind === 'qemu'
        ? (
            (await this.client.get<Raw>(
              pvePath`/nodes/${node}/qemu/${vmid}/agent/network-get-interfaces`,
              {},
              opts,
            )) ?? {}
          ).result
        : await this.client.get(pvePath`/nodes/${node}/lxc/${vmid}/interfaces`, {}, opts);
    const of = (i: Raw, types: string[]) =>
      list(i['ip-addresses'])
        .filter((a) => types.includes(toStr(a['ip-address-type']) ?? ''))
        .map((a) => toStr(a['ip-address']) ?? '')
        .filter(Boolean);
    return list(raw).map((i) => ({
      name: toStr(i.name) ?? '',
      ipv4: of(i, ['ipv4', 'inet']),
      ipv6: of(i, ['ipv6', 'inet6']),
    }));
  }

  /** `POST /nodes/{node}/qemu`; with `archive` set this is a restore. */
  createQemu(node: string, params: Params & { vmid: number }): Promise<string> {
    return this.client.post<string>(pvePath`/nodes/${node}/qemu`, params);
  }

  /** `POST /nodes/{node}/lxc`; with `restore: true` and a backup volid as `ostemplate` this is a restore. */
  createLxc(node: string, params: Params & { vmid: number; ostemplate: string }): Promise<string> {
    return this.client.post<string>(pvePath`/nodes/${node}/lxc`, params);
  }

  restoreQemu(
    node: string,
    params: {
      vmid: number;
      archive: string;
      storage?: string;
      force?: boolean;
      unique?: boolean;
      pool?: string;
    },
  ): Promise<string> {
    return this.createQemu(node, params);
  }

  restoreLxc(
    node: string,
    params: {
      vmid: number;
      archive: string;
      storage?: string;
      force?: boolean;
      unique?: boolean;
      pool?: string;
    },
  ): Promise<string> {
    const { archive, ...rest } = params;
    return this.createLxc(node, { ...rest, ostemplate: archive, restore: true });
  }

  clone(
    node: string,
    kind: GuestKind,
    vmid: number,
    params: Params & { newid: number },
  ): Promise<string> {
    return this.client.post<string>(pvePath`/nodes/${node}/${kind}/${vmid}/clone`, params);
  }

  /** Asynchronous qemu config change (returns a UPID, or null with `background_delay`). */
  updateQemuConfigAsync(node: string, vmid: number, params: Params): Promise<string | null> {
    return this.client.post<string | null>(pvePath`/nodes/${node}/qemu/${vmid}/config`, params);
  }

  /** Synchronous config change; the only variant for containers. */
  updateConfig(node: string, kind: GuestKind, vmid: number, params: Params): Promise<null> {
    return this.client.put<null>(pvePath`/nodes/${node}/${kind}/${vmid}/config`, params);
  }

  resizeDisk(
    node: string,
    kind: GuestKind,
    vmid: number,
    disk: string,
    size: string,
    digest?: string,
  ): Promise<string> {
    return this.client.put<string>(pvePath`/nodes/${node}/${kind}/${vmid}/resize`, {
      disk,
      size,
      digest,
    });
  }

  deleteGuest(
    node: string,
    kind: GuestKind,
    vmid: number,
    params: { purge?: boolean; 'destroy-unreferenced-disks'?: boolean; force?: boolean } = {},
  ): Promise<string> {
    if (kind === 'qemu' && params.force !== undefined) {
      throw new Error('force applies to containers only');
    }
    return this.client.delete<string>(pvePath`/nodes/${node}/${kind}/${vmid}`, params);
  }

  power(
    node: string,
    kind: GuestKind,
    vmid: number,
    action: PowerAction,
    params: Params = {},
  ): Promise<string> {
    if (kind === 'lxc' && action === 'reset')
      throw new Error('Containers cannot be reset; use reboot');
    return this.client.post<string>(
      pvePath`/nodes/${node}/${kind}/${vmid}/status/${action}`,
      params,
    );
  }

  async snapshots(
    node: string,
    kind: GuestKind,
    vmid: number,
  ): Promise<
    Array<{
      name: string;
      description?: string;
      snaptime?: number;
      parent?: string;
      vmstate?: boolean;
    }>
  > {
    return list(await this.client.get(pvePath`/nodes/${node}/${kind}/${vmid}/snapshot`)).map(
      (r) => ({
        name: toStr(r.name) ?? '',
        description: toStr(r.description),
        snaptime: toInt(r.snaptime),
        parent: toStr(r.parent),
        vmstate: r.vmstate === undefined ? undefined : Boolean(toInt(r.vmstate)),
      }),
    );
  }

  createSnapshot(
    node: string,
    kind: GuestKind,
    vmid: number,
    snapname: string,
    params: { description?: string; vmstate?: boolean } = {},
  ): Promise<string> {
    if (kind === 'lxc' && params.vmstate !== undefined)
      throw new Error('vmstate applies to VMs only');
    return this.client.post<string>(pvePath`/nodes/${node}/${kind}/${vmid}/snapshot`, {
      snapname,
      ...params,
    });
  }

  deleteSnapshot(
    node: string,
    kind: GuestKind,
    vmid: number,
    snapname: string,
    force?: boolean,
  ): Promise<string> {
    return this.client.delete<string>(
      pvePath`/nodes/${node}/${kind}/${vmid}/snapshot/${snapname}`,
      { force },
    );
  }

  rollbackSnapshot(
    node: string,
    kind: GuestKind,
    vmid: number,
    snapname: string,
    start?: boolean,
  ): Promise<string> {
    return this.client.post<string>(
      pvePath`/nodes/${node}/${kind}/${vmid}/snapshot/${snapname}/rollback`,
      {
        start,
      },
    );
  }

  migrate(
    node: string,
    kind: GuestKind,
    vmid: number,
    target: string,
    params: {
      online?: boolean;
      'with-local-disks'?: boolean;
      targetstorage?: string;
      restart?: boolean;
    } = {},
  ): Promise<string> {
    const p: Params = { target, online: params.online };
    if (kind === 'qemu') {
      p['with-local-disks'] = params['with-local-disks'];
      p.targetstorage = params.targetstorage;
    } else {
      p.restart = params.restart;
      p['target-storage'] = params.targetstorage;
    }
    return this.client.post<string>(pvePath`/nodes/${node}/${kind}/${vmid}/migrate`, p);
  }

  /** `GET .../migrate`: Proxmox's precondition (allowed nodes, local resources and disks). */
  migratePrecondition(
    node: string,
    kind: GuestKind,
    vmid: number,
    opts?: RequestOptions,
  ): Promise<Raw> {
    return this.client.get<Raw>(pvePath`/nodes/${node}/${kind}/${vmid}/migrate`, {}, opts);
  }

  convertToTemplate(node: string, kind: GuestKind, vmid: number): Promise<string | null> {
    return this.client.post<string | null>(pvePath`/nodes/${node}/${kind}/${vmid}/template`);
  }

  vncProxy(node: string, kind: GuestKind, vmid: number): Promise<ConsoleTicket> {
    return this.client
      .post<Raw>(pvePath`/nodes/${node}/${kind}/${vmid}/vncproxy`, { websocket: true })
      .then(normalizeConsole);
  }

  termProxy(node: string, kind: GuestKind, vmid: number, serial?: string): Promise<ConsoleTicket> {
    const params: Params = kind === 'qemu' ? { serial } : {};
    return this.client
      .post<Raw>(pvePath`/nodes/${node}/${kind}/${vmid}/termproxy`, params)
      .then(normalizeConsole);
  }

  /** Shell on the node itself (`cmd` defaults to a login shell). */
  nodeTermProxy(node: string): Promise<ConsoleTicket> {
    return this.client.post<Raw>(pvePath`/nodes/${node}/termproxy`).then(normalizeConsole);
  }

  /** Where to open the console WebSocket for a ticket from vncProxy/termProxy/nodeTermProxy. */
  consoleWebSocket(
    target: { node: string; kind: GuestKind; vmid: number } | { node: string; kind: 'node' },
    ticket: { port: number; ticket: string },
  ): Promise<UpgradeTarget> {
    const path =
      target.kind === 'node'
        ? pvePath`/nodes/${target.node}/vncwebsocket`
        : pvePath`/nodes/${target.node}/${target.kind}/${target.vmid}/vncwebsocket`;
    return this.client.upgradeTarget(path, { port: ticket.port, vncticket: ticket.ticket });
  }

  /**
   * `GET /nodes/{node}/network?type=any_bridge`: the bridges (Linux, OVS and SDN vnets) a guest NIC
   * can attach to on `node`.
   */
  async nodeBridges(
    node: string,
  ): Promise<Array<{ iface: string; type: string; vlanAware: boolean; comment: string | null }>> {
    return list(await this.client.get(pvePath`/nodes/${node}/network`, { type: 'any_bridge' }))
      .map((r) => ({
        iface: toStr(r.iface) ?? '',
        type: toStr(r.type) ?? '',
        vlanAware: toBool(r['bridge_vlan_aware']) ?? false,
        comment: toStr(r.comments)?.trim() || null,
      }))
      .filter((b) => b.iface)
      .sort((a, b) => a.iface.localeCompare(b.iface));
  }

  // --- storage & backups ------------------------------------------------------------------

  async storages(
    node: string,
    params: { content?: string; enabled?: boolean } = {},
  ): Promise<StorageEntry[]> {
    return list(await this.client.get(pvePath`/nodes/${node}/storage`, params)).map(
      normalizeStorage,
    );
  }

  async storageContent(
    node: string,
    storage: string,
    params: { content?: string; vmid?: number } = {},
  ): Promise<StorageContentEntry[]> {
    return list(
      await this.client.get(pvePath`/nodes/${node}/storage/${storage}/content`, params),
    ).map(normalizeContent);
  }

  /** `GET /storage`: the cluster's storage configuration (secrets are never returned). */
  async storageConfigs(type?: string): Promise<Raw[]> {
    return list(await this.client.get('/storage', type ? { type } : {}));
  }

  /** `POST /storage`: add a storage to the cluster configuration (e.g. type esxi, content import). */
  createStorage(params: Params & { storage: string; type: string }): Promise<Raw | null> {
    return this.client.post<Raw | null>('/storage', params);
  }

  /** `GET /nodes/{node}/storage/{storage}/import-metadata`: how Proxmox would import a guest. */
  async importMetadata(node: string, storage: string, volume: string): Promise<Raw> {
    return (
      (await this.client.get<Raw>(pvePath`/nodes/${node}/storage/${storage}/import-metadata`, {
        volume,
      })) ?? {}
    );
  }

  backups(node: string, storage: string, vmid?: number): Promise<StorageContentEntry[]> {
    return this.storageContent(node, storage, { content: 'backup', vmid });
  }

  /** `POST /nodes/{node}/storage/{storage}/upload` (multipart): a small file (ISO image); returns the UPID. */
  uploadFile(
    node: string,
    storage: string,
    content: 'iso' | 'vztmpl' | 'import',
    filename: string,
    data: Buffer,
  ): Promise<string> {
    return this.client.post<string>(
      pvePath`/nodes/${node}/storage/${storage}/upload`,
      { content, filename },
      { file: { field: 'filename', filename, data }, timeoutMs: 120_000 },
    );
  }

  deleteVolume(node: string, storage: string, volume: string): Promise<string | null> {
    return this.client.delete<string | null>(
      pvePath`/nodes/${node}/storage/${storage}/content/${volume}`,
    );
  }

  /** `PUT /nodes/{node}/storage/{storage}/content/{volume}`: notes and protection of a volume. */
  updateVolume(
    node: string,
    storage: string,
    volume: string,
    params: { notes?: string; protected?: boolean },
  ): Promise<null> {
    return this.client.put<null>(
      pvePath`/nodes/${node}/storage/${storage}/content/${volume}`,
      params,
    );
  }

  vzdump(node: string, params: Params & { vmid?: string; storage?: string }): Promise<string> {
    return this.client.post<string>(pvePath`/nodes/${node}/vzdump`, params);
  }

  // --- tasks ------------------------------------------------------------------------------

  async taskStatus(node: string, upid: string): Promise<TaskStatus> {
    return normalizeTaskStatus(
      await this.client.get<Raw>(pvePath`/nodes/${node}/tasks/${upid}/status`),
    );
  }

  async taskLog(
    node: string,
    upid: string,
    start = 0,
    limit = 50,
  ): Promise<{ lines: Array<{ n: number; t: string }>; total?: number }> {
    const res = await this.client.request<Raw[]>('GET', pvePath`/nodes/${node}/tasks/${upid}/log`, {
      start,
      limit,
    });
    return {
      lines: list(res.data).map((r) => ({ n: toInt(r.n) ?? 0, t: toStr(r.t) ?? '' })),
      total: res.total,
    };
  }

  stopTask(node: string, upid: string): Promise<null> {
    return this.client.delete<null>(pvePath`/nodes/${node}/tasks/${upid}`);
  }

  async nodeTasks(
    node: string,
    params: {
      vmid?: number;
      limit?: number;
      start?: number;
      typefilter?: string;
      source?: 'archive' | 'active' | 'all';
      /** Only tasks started at or after this epoch second. */
      since?: number;
    } = {},
  ): Promise<TaskStatus[]> {
    return list(await this.client.get(pvePath`/nodes/${node}/tasks`, params)).map(
      normalizeTaskStatus,
    );
  }

  // --- access, pools, ceph, hardware -------------------------------------------------------

  /** Effective privileges of the caller (or `userid`): `{ path: { priv: 0|1 } }`. */
  permissions(
    params: { path?: string; userid?: string } = {},
  ): Promise<Record<string, Record<string, number>>> {
    return this.client.get('/access/permissions', params);
  }

  async apiTokens(
    userid: string,
  ): Promise<Array<{ tokenid: string; comment?: string; expire?: number; privsep?: boolean }>> {
    return list(await this.client.get(pvePath`/access/users/${userid}/token`)).map((r) => ({
      tokenid: toStr(r.tokenid) ?? '',
      comment: toStr(r.comment),
      expire: toInt(r.expire),
      privsep: r.privsep === undefined ? undefined : Boolean(toInt(r.privsep)),
    }));
  }

  createApiToken(
    userid: string,
    tokenid: string,
    params: { comment?: string; expire?: number; privsep?: boolean } = {},
  ): Promise<{ 'full-tokenid': string; value: string }> {
    return this.client.post(pvePath`/access/users/${userid}/token/${tokenid}`, params);
  }

  deleteApiToken(userid: string, tokenid: string): Promise<null> {
    return this.client.delete<null>(pvePath`/access/users/${userid}/token/${tokenid}`);
  }

  async pools(): Promise<Array<{ poolid: string; comment?: string }>> {
    return list(await this.client.get('/pools')).map((r) => ({
      poolid: toStr(r.poolid) ?? '',
      comment: toStr(r.comment),
    }));
  }

  createPool(poolid: string, comment?: string): Promise<null> {
    return this.client.post<null>('/pools', { poolid, comment });
  }

  updatePool(
    poolid: string,
    params: {
      vms?: string;
      storage?: string;
      comment?: string;
      delete?: boolean;
      'allow-move'?: boolean;
    },
  ): Promise<null> {
    return this.client.put<null>('/pools', { poolid, ...params });
  }

  deletePool(poolid: string): Promise<null> {
    return this.client.delete<null>('/pools', { poolid });
  }

  cephStatus(): Promise<Raw> {
    return this.client.get<Raw>('/cluster/ceph/status');
  }

  async pciDevices(node: string): Promise<Raw[]> {
    return list(await this.client.get(pvePath`/nodes/${node}/hardware/pci`));
  }

  async pciMappings(opts?: RequestOptions): Promise<Raw[]> {
    return list(await this.client.get('/cluster/mapping/pci', {}, opts));
  }

  createPciMapping(
    id: string,
    map: string[],
    params: { description?: string; mdev?: boolean } = {},
  ): Promise<null> {
    return this.client.post<null>('/cluster/mapping/pci', { id, map, ...params });
  }
  // --- SDN (IPAM ranges bound to a VNet) ---------------------------------------------------

  /**
   * `GET /cluster/sdn/vnets`: the cluster's applied VNets (a cluster without SDN has none); with
   * `pending`, also VNets created but not applied yet (those deleted but not applied are left out).
   */
  async sdnVnets(
    opts?: RequestOptions,
    query: { pending?: boolean } = {},
  ): Promise<Array<{ vnet: string; zone: string; tag: number | null; alias: string | null }>> {
    return list(
      await this.client.get('/cluster/sdn/vnets', query.pending ? { pending: 1 } : {}, opts),
    )
      .filter((r) => r.state !== 'deleted')
      .map((r) => ({
        vnet: toStr(r.vnet) ?? '',
        zone: toStr(r.zone) ?? '',
        tag: toInt(r.tag) ?? null,
        alias: toStr(r.alias) ?? null,
      }))
      .filter((v) => v.vnet)
      .sort((a, b) => a.vnet.localeCompare(b.vnet));
  }

  /** `GET /cluster/sdn/zones`: the cluster's applied SDN zones and their type (simple, vlan, …). */
  async sdnZones(): Promise<Array<{ zone: string; type: string }>> {
    return list(await this.client.get('/cluster/sdn/zones', {}))
      .map((r) => ({ zone: toStr(r.zone) ?? '', type: toStr(r.type) ?? '' }))
      .filter((z) => z.zone)
      .sort((a, b) => a.zone.localeCompare(b.zone));
  }

  /** `POST /cluster/sdn/vnets` (pending until `applySdn`); `tag`: VLAN of a VLAN/QinQ zone. */
  createSdnVnet(
    vnet: string,
    zone: string,
    params: { tag?: number; alias?: string } = {},
  ): Promise<null> {
    return this.client.post<null>('/cluster/sdn/vnets', { vnet, zone, type: 'vnet', ...params });
  }

  /** `DELETE /cluster/sdn/vnets/{vnet}` (pending until `applySdn`; refused while it has subnets). */
  deleteSdnVnet(vnet: string): Promise<null> {
    return this.client.delete<null>(pvePath`/cluster/sdn/vnets/${vnet}`);
  }

  /**
   * `GET /cluster/sdn/vnets/{vnet}/subnets?pending=1`: subnets with changes not yet applied
   * (`deleted`: a delete waits for `applySdn`).
   */
  async sdnSubnets(
    vnet: string,
  ): Promise<Array<{ subnet: string; cidr: string; gateway: string | null; deleted: boolean }>> {
    return list(await this.client.get(pvePath`/cluster/sdn/vnets/${vnet}/subnets`, { pending: 1 }))
      .map((r) => {
        const pending = (r.pending ?? {}) as Raw;
        return {
          subnet: toStr(r.subnet) ?? '',
          cidr: toStr(r.cidr) ?? '',
          gateway: toStr('gateway' in pending ? pending.gateway : r.gateway) ?? null,
          deleted: r.state === 'deleted',
        };
      })
      .filter((s) => s.subnet);
  }

  /** `POST /cluster/sdn/vnets/{vnet}/subnets` (pending until `applySdn`). */
  createSdnSubnet(vnet: string, cidr: string, params: { gateway?: string } = {}): Promise<null> {
    return this.client.post<null>(pvePath`/cluster/sdn/vnets/${vnet}/subnets`, {
      subnet: cidr,
      type: 'subnet',
      ...params,
    });
  }

  /** `PUT /cluster/sdn/vnets/{vnet}/subnets/{subnet}` (pending until `applySdn`). */
  updateSdnSubnet(
    vnet: string,
    subnet: string,
    params: { gateway?: string; delete?: string },
  ): Promise<null> {
    return this.client.put<null>(pvePath`/cluster/sdn/vnets/${vnet}/subnets/${subnet}`, params);
  }

  /** `DELETE /cluster/sdn/vnets/{vnet}/subnets/{subnet}` (pending until `applySdn`). */
  deleteSdnSubnet(vnet: string, subnet: string): Promise<null> {
    return this.client.delete<null>(pvePath`/cluster/sdn/vnets/${vnet}/subnets/${subnet}`);
  }

  /** `PUT /cluster/sdn`: applies pending SDN changes on every node; returns the task's UPID. */
  applySdn(): Promise<string> {
    return this.client.put<string>('/cluster/sdn', {});
  }
}

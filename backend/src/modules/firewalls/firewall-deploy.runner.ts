import { setTimeout as delay } from 'node:timers/promises';
import { Injectable, Logger } from '@nestjs/common';
import type {
  FirewallAuthMethod,
  FirewallDeployStep,
  FirewallDeploymentDto,
} from '@multpanel/contracts';
import { formatIp, parseCidr } from '@multpanel/contracts';
import { OpnsenseError, type OpnsenseClient } from '../../common/opnsense';
import type { ProxmoxApi } from '../../common/proxmox';
import { releaseVmid, reserveVmid } from '../../common/proxmox/vmid-reservation';
import { RedisService } from '../../common/redis/redis.service';
import { ClusterConnectionService } from '../clusters/cluster-connection.service';
import { IpamRangesService } from '../ipam/ipam-ranges.service';
import type { GuestNetworkRecord } from '../ipam/ipam.repository';
import { EDGE_ZONE_TYPES, IpamSdnService } from '../ipam/ipam-sdn.service';
import { IpamService } from '../ipam/ipam.service';
import type { JobRunContext } from '../jobs/job-context';
import { uuidv7 } from '../guests/guests.repository';
import { buildConfigIso } from './config-disk';
import { buildConfigXml } from './firewall-config-xml';
import {
  type DhcpPool,
  edgeWindowLast,
  MAX_RESERVED_POOL,
  MIN_DHCP_POOL,
  poolAboveWindow,
} from './firewall-dhcp-pool';
import {
  FIREWALL_KEY_CONTEXT,
  FIREWALL_SECRET_CONTEXT,
  FirewallConnector,
} from './firewall-connector';
import { FirewallsRepository, type FirewallRow } from './firewalls.repository';
import { makeWebguiCertificate } from './webgui-cert';

type Ctx = JobRunContext<'firewalls.deploy'>;
type Step = FirewallDeploymentDto['steps'][number];

/** Checkpoints: what the job did (and must undo on failure), kept across a worker restart. */
interface DeployState {
  done?: FirewallDeployStep[];
  steps?: Step[];
  startedAt?: number;
  vlan?: number;
  lan?: { rangeId: string; cidr: string; gateway: string; vlan: number | null; created?: boolean };
  /** network edge on SDN: the VNet the LAN sits on, and whether this job created it */
  sdn?: { vnet: string; zone: string; created: boolean };
  /** the job wrote the LAN range's subnet to the VNet (undo deletes it) */
  sdnSubnet?: boolean;
  wanAddressId?: string;
  wanAddress?: string;
  vmid?: number;
  isoVolid?: string;
  started?: boolean;
  fingerprint?: string;
  /** The web GUI certificate, sealed (FIREWALL_CERT_CONTEXT): a restarted step writes the same disk. */
  cert?: string;
  firewallId?: string;
  /** the company's default guest network on the cluster before `register` replaced it (undo) */
  guestNetworkBefore?: GuestNetworkRecord | null;
  /** the LAN's Kea pool (none: DHCP skipped) and the IPAM reservations made for it (undo) */
  dhcp?: { pool: { from: string; to: string } | null; reservedIds: string[] };
  /** the job began reserving a DHCP block in this range (undo, and a restarted step, free it by note) */
  dhcpReserving?: { rangeId: string; note: string };
  /** bootstrap: the API key the firewall issued in exchange for the one-time credential, sealed */
  issued?: { sealedKey: string; sealedSecret: string };
}

/** The API user config.xml creates (firewall-config-xml.ts). */
const API_USER = 'multpanel';

/** How long the firewall may take from power-on until its API answers with the generated key. */
const API_WAIT_MS = 10 * 60_000;

/**
 * Worker side of zero-touch deployment and the one-click network edge (issue 21). Steps, each
 * timed and checkpointed: [vlan, range] (network edge) → addresses (WAN from the MSP's public
 * range) → clone the OPNsense template (or create a VM booting the installer ISO where no template
 * exists) → nics (WAN on the uplink bridge, LAN on the company's VLAN)
 * → config-disk (config.xml with the generated API key and web GUI certificate, on an ISO 9660
 * image uploaded to the node and attached as a CD: OPNsense's importer reads conf/config.xml at
 * first boot) → start → api (wait until the firewall answers with the key) → baseline (aliases,
 * default-deny inbound, outbound allow, Kea DHCP for the LAN) → register. On failure everything done
 * so far is undone in reverse order, and the deployment is marked failed with the reason.
 */
@Injectable()
export class FirewallDeployRunner {
  private readonly logger = new Logger(FirewallDeployRunner.name);

  constructor(
    private readonly repo: FirewallsRepository,
    private readonly connector: FirewallConnector,
    private readonly clusters: ClusterConnectionService,
    private readonly ipam: IpamService,
    private readonly ranges: IpamRangesService,
    private readonly redis: RedisService,
    private readonly sdn: IpamSdnService,
  ) {}

  async run(ctx: Ctx): Promise<{ firewallId: string }> {
    const p = ctx.params;
    const input = p.input;
    const st = ctx.state as DeployState;
    st.done ??= [];
    st.steps ??= [];
    st.startedAt ??= Date.now();
    const actorId = ctx.job.actorId ?? null;
    const api = (await this.clusters.open(input.clusterId, 'background')).api;
    const target = { clusterId: input.clusterId, node: input.node };
    const record = () =>
      this.repo.updateDeploymentForJob(p.deploymentId, {
        steps: st.steps as never,
        vmid: st.vmid ?? null,
      });

    const step = async (
      name: FirewallDeployStep,
      pct: number,
      msg: string,
      fn: () => Promise<void>,
      /** the credential the step uses on the firewall, recorded with its time */
      auth?: FirewallAuthMethod,
    ) => {
      if (st.done!.includes(name)) return;
      await ctx.progress(pct, msg);
      const t = Date.now();
      const by = auth ? { auth } : {};
      try {
        await fn();
      } catch (err) {
        st.steps!.push({ step: name, ms: Date.now() - t, ok: false, ...by });
        await record().catch(() => undefined);
        throw err;
      }
      const ms = Date.now() - t;
      st.steps!.push({ step: name, ms, ok: true, ...by });
      st.done!.push(name);
      await ctx.save([`${msg}: done in ${ms} ms`]);
      await record();
    };

    try {
      const edgeSdn = p.mode === 'network_edge' && 'sdn' in input ? input.sdn : undefined;
      if (p.mode === 'network_edge' && 'lanCidr' in input && edgeSdn)
        await step('sdn-vnet', 2, `Taking the SDN VNet ${edgeSdn.vnet}`, () =>
          this.takeVnet(ctx, api, st, edgeSdn),
        );
      else if (p.mode === 'network_edge' && 'lanCidr' in input)
        await step('vlan', 2, 'Taking the next free VLAN of the cluster', async () => {
          const taken = await this.ipam.takeNextVlan(input.clusterId, input.companyId, {
            purpose: 'firewall',
            note: `edge firewall ${input.name}`,
            actorId,
          });
          st.vlan = taken.vlan;
          await ctx.log([`VLAN ${taken.vlan}`]);
        });
      if (p.mode === 'network_edge' && 'lanCidr' in input) {
        await step('range', 5, 'Creating the company’s LAN range', async () => {
          const c = parseCidr(input.lanCidr);
          if (typeof c === 'string' || c.family !== 4)
            throw new Error(`${input.lanCidr} is not an IPv4 network`);
          const gateway = formatIp(4, c.network + 1n);
          const range = await this.ranges.createTrusted(
            {
              companyId: input.companyId,
              name: `${input.name} LAN`,
              cidr: c.text,
              // on SDN the VNet carries the VLAN (if any); the range has none of its own
              vlan: st.sdn ? null : (st.vlan ?? null),
              gateway,
              // IPAM allocates in the lower half; the firewall's Kea pool is the upper half
              lastUsable: edgeWindowLast(c.text),
              clusterIds: [input.clusterId],
              note: 'network edge (firewall LAN)',
              ...(st.sdn ? { sdn: { vnet: st.sdn.vnet, zone: st.sdn.zone } } : {}),
            },
            actorId,
          );
          st.lan = {
            rangeId: range.id,
            cidr: range.cidr,
            gateway,
            vlan: st.sdn ? null : (st.vlan ?? null),
            created: true,
          };
          await ctx.log([
            `Range ${range.cidr} on ${st.sdn ? `SDN VNet ${st.sdn.vnet}` : `VLAN ${st.vlan}`}, gateway ${gateway}`,
          ]);
        });
        if (st.sdn)
          await step(
            'sdn-apply',
            6,
            'Writing the LAN subnet to the VNet, applying SDN',
            async () => {
              st.sdnSubnet = true;
              await ctx.save();
              const r = await this.sdn.syncRange(st.lan!.rangeId, input.clusterId, {
                log: (lines) => ctx.log(lines),
              });
              if ('skipped' in r) throw new Error(`SDN: ${r.skipped}`);
            },
          );
      }
      const lan = st.lan ?? p.lan;
      if (!lan) throw new Error('No LAN range for the firewall');
      // the LAN NIC's bridge: the SDN VNet (untagged), or the LAN bridge with the range's VLAN
      const lanBridge = st.sdn?.vnet ?? input.lanBridge;
      if (!lanBridge) throw new Error('No LAN bridge or SDN VNet for the firewall');
      const lanNet = `bridge=${lanBridge}${!st.sdn && lan.vlan ? `,tag=${lan.vlan}` : ''}`;

      await step('addresses', 8, 'Taking the WAN address from the MSP’s public range', async () => {
        const a = await this.ipam.allocateTrusted(input.wanRangeId, {
          companyId: input.companyId,
          purpose: 'firewall',
          hostname: input.name,
          note: 'edge firewall WAN',
          actorId,
        });
        st.wanAddressId = a.id ?? undefined;
        st.wanAddress = a.address;
        await ctx.log([`WAN address ${a.address}`]);
      });

      const { templateVmid, installer } = input;
      if (templateVmid !== undefined)
        await step('clone', 10, `Cloning the OPNsense template ${templateVmid}`, async () => {
          const tpl = (await api.clusterResources('vm')).find(
            (r) => r.vmid === templateVmid && r.template,
          );
          if (!tpl?.node) throw new Error(`VM ${templateVmid} is not a template on this cluster`);
          st.vmid ??= await reserveVmid(this.redis, api, input.clusterId);
          await ctx.save([`VMID ${st.vmid}`]);
          const vmid = st.vmid;
          await ctx.runTask(
            'clone',
            api,
            { clusterId: input.clusterId, node: tpl.node },
            () =>
              api.clone(tpl.node!, 'qemu', templateVmid, {
                newid: vmid,
                name: input.name,
                full: true,
                target: tpl.node !== input.node ? input.node : undefined,
                description: `Edge firewall deployed by Multpanel`,
              }),
            { from: 10, to: 40, task: { vmid: templateVmid, types: ['qmclone'] } },
          );
          await releaseVmid(this.redis, input.clusterId, vmid).catch(() => undefined);
        });
      else if (installer)
        await step('create', 10, `Creating a VM that boots ${installer.iso}`, async () => {
          // the image must already be on the node (PVE would only say the volume does not exist)
          const [storage] = installer.iso.split(':') as [string];
          const isos = await api.storageContent(input.node, storage, { content: 'iso' });
          if (!isos.some((v) => v.volid === installer.iso))
            throw new Error(
              `The OPNsense installer ${installer.iso} is not on node ${input.node}; upload it to the ISO storage first`,
            );
          st.vmid ??= await reserveVmid(this.redis, api, input.clusterId);
          await ctx.save([`VMID ${st.vmid}`]);
          const vmid = st.vmid;
          await ctx.runTask(
            'create',
            api,
            target,
            () =>
              api.createQemu(input.node, {
                vmid,
                name: input.name,
                ostype: 'other',
                memory: installer.memoryMb,
                cores: installer.cores,
                scsihw: 'virtio-scsi-single',
                scsi0: `${installer.diskStorage}:${installer.diskGb}`,
                ide0: `${installer.iso},media=cdrom`,
                // the installer boots first; the empty system disk takes over once installed
                boot: 'order=ide0;scsi0',
                description: 'Edge firewall deployed by Multpanel (OPNsense installer)',
              }),
            { from: 10, to: 40, task: { vmid, types: ['qmcreate'] } },
          );
          await releaseVmid(this.redis, input.clusterId, vmid).catch(() => undefined);
        });
      else throw new Error('Neither an OPNsense template nor the installer ISO was given');
      const vmid = st.vmid!;

      await step('nics', 42, 'WAN on the uplink, LAN on the company’s network', async () => {
        await api.updateConfig(input.node, 'qemu', vmid, {
          net0: `virtio,bridge=${input.wanBridge}`,
          net1: `virtio,${lanNet}`,
          onboot: 1,
        });
      });

      await step('config-disk', 45, 'Writing and attaching the config disk', async () => {
        // Made once: after a restart the step writes the same config disk, so the upload it may
        // already have started is followed (found by file name) instead of sent again.
        if (!st.cert) {
          st.cert = this.connector.sealCertificate(
            makeWebguiCertificate(input.name, st.wanAddress!),
          );
          await ctx.save();
        }
        const cert = this.connector.openCertificate(st.cert);
        st.fingerprint = cert.fingerprint;
        const lanCidr = parseCidr(lan.cidr);
        if (typeof lanCidr === 'string') throw new Error(`bad LAN range ${lan.cidr}`);
        const xml = buildConfigXml({
          hostname: input.name,
          domain: 'localdomain',
          wan: {
            device: 'vtnet0',
            address: st.wanAddress!,
            prefix: p.wan.prefix,
            ...(p.wan.gateway ? { gateway: p.wan.gateway } : {}),
          },
          lans: [
            {
              ident: 'lan',
              descr: 'LAN',
              parent: 'vtnet1',
              address: lan.gateway,
              prefix: lanCidr.prefixLength,
            },
          ],
          managementNetworks: input.managementNetworks,
          apiKey: this.connector.open(p.sealedKey, FIREWALL_KEY_CONTEXT),
          apiSecret: this.connector.open(p.sealedSecret, FIREWALL_SECRET_CONTEXT),
          webgui: { port: input.webguiPort, cert: { pem: cert.pem, key: cert.key } },
        });
        const file = `multpanel-fw-${vmid}-config.iso`;
        await ctx.runTask(
          'upload',
          api,
          target,
          () => api.uploadFile(input.node, input.isoStorage, 'iso', file, buildConfigIso(xml)),
          {
            from: 45,
            to: 55,
            // An upload task names no VMID: its log names the file (the runner checks age and owner).
            adopt: () => this.uploadTask(api, input.node, file),
          },
        );
        st.isoVolid = `${input.isoStorage}:iso/${file}`;
        await ctx.save([`Config disk ${st.isoVolid}`]);
        await api.updateConfig(input.node, 'qemu', vmid, {
          ide2: `${st.isoVolid},media=cdrom`,
        });
        delete st.cert; // the disk is written: the key need not stay in the job's state
      });

      await step('start', 58, 'Starting the firewall', async () => {
        await ctx.runTask(
          'start',
          api,
          target,
          () => api.power(input.node, 'qemu', vmid, 'start'),
          {
            from: 58,
            to: 65,
            task: { vmid, types: ['qmstart'] },
          },
        );
        st.started = true;
      });

      const method: FirewallAuthMethod = input.authMethod ?? 'api_key';
      let version = '';
      await step(
        'api',
        66,
        method === 'bootstrap'
          ? 'Waiting for the firewall’s API to answer with the one-time bootstrap credential'
          : 'Waiting for the firewall’s API to answer with the generated key',
        async () => {
          version = await this.waitForApi(ctx, this.draftRow(ctx, st));
          await ctx.log([`OPNsense ${version} answers`]);
        },
        method,
      );
      if (method === 'bootstrap')
        await step(
          'rotate-key',
          75,
          'Exchanging the bootstrap credential for the firewall’s own API key',
          () => this.rotateKey(ctx, st),
          'bootstrap',
        );
      const row = this.draftRow(ctx, st);

      await step(
        'baseline',
        80,
        'Applying the baseline',
        async () => {
          const networks = [
            ...new Set([lan.cidr, ...(await this.ipam.companyNetworks(input.companyId))]),
          ];
          st.dhcp ??= await this.dhcpPool(ctx, st, lan);
          const pool = st.dhcp.pool;
          await this.connector.with(row, async (c) => {
            version ||= await c.version(); // resumed after the api step: read it again
            await this.baseline(c, lan, networks, pool);
          });
        },
        'api_key',
      );

      await step('register', 95, 'Registering the firewall', async () => {
        // checkpoint first (the id and the default it replaces): the undo, and a restarted step,
        // know what this step may have written
        if (st.firewallId === undefined) {
          st.guestNetworkBefore = await this.ipam.guestNetworkRecord(
            input.companyId,
            input.clusterId,
          );
          st.firewallId = uuidv7();
          await ctx.save();
        }
        if (!(await this.repo.firewallForJob(st.firewallId)))
          await this.repo.createForJob({
            id: st.firewallId,
            companyId: input.companyId,
            name: input.name,
            url: row.url,
            apiKey: row.apiKey,
            apiSecret: row.apiSecret,
            fingerprint: st.fingerprint!,
            version: version || null,
            lastSeenAt: new Date(),
            ...(st.dhcp?.reservedIds.length ? { dhcpReservedIds: st.dhcp.reservedIds } : {}),
          });
        // the company's new guests on this cluster now land on the edge's LAN by default
        await this.ipam.setGuestNetwork({
          companyId: input.companyId,
          clusterId: input.clusterId,
          bridge: lanBridge,
          vlan: st.sdn ? null : lan.vlan,
          rangeId: lan.rangeId,
          firewallId: st.firewallId,
        });
        await ctx.log([
          `New guests of the company on this cluster default to ${lanNet} (${lan.cidr})`,
        ]);
      });

      await this.repo.updateDeploymentForJob(p.deploymentId, {
        status: 'succeeded',
        firewallId: st.firewallId,
        durationMs: Date.now() - st.startedAt,
        finishedAt: new Date(),
        steps: st.steps as never,
        vmid,
      });
      await ctx.progress(100, `Firewall ${input.name} is up at ${row.url}`);
      return { firewallId: st.firewallId! };
    } catch (err) {
      // A stopping worker did not fail: the job resumes on another one and needs what was done
      // (undoing here destroyed the clone the next worker went on configuring).
      if (ctx.signal.aborted) throw err;
      const reason = err instanceof Error ? err.message : String(err);
      await ctx.log([`Failed: ${reason}`, 'Undoing what was done']).catch(() => undefined);
      await this.undo(ctx, api, st);
      await this.repo.updateDeploymentForJob(p.deploymentId, {
        status: 'failed',
        error: reason,
        durationMs: Date.now() - st.startedAt,
        finishedAt: new Date(),
        steps: st.steps as never,
      });
      throw err;
    }
  }

  /**
   * Bootstrap: with the one-time credential from config.xml, have the firewall issue the API key
   * (kept sealed in the job's checkpoint before anything else), check that key works, delete the
   * bootstrap key and check the firewall now refuses it.
   */
  private async rotateKey(ctx: Ctx, st: DeployState): Promise<void> {
    const p = ctx.params;
    const bootstrap = this.draftRow(ctx, { ...st, issued: undefined });
    if (!st.issued) {
      const issued = await this.connector.with(bootstrap, (c) => c.addApiKey(API_USER));
      const sealed = this.connector.seal(issued.key, issued.secret);
      st.issued = { sealedKey: sealed.apiKey, sealedSecret: sealed.apiSecret };
      await ctx.save(['The firewall issued its API key']);
    }
    const bootstrapKey = this.connector.open(p.sealedKey, FIREWALL_KEY_CONTEXT);
    await this.connector.with(this.draftRow(ctx, st), async (c) => {
      await c.version();
      await c.delApiKey(bootstrapKey);
    });
    const refused = await this.connector
      .with(bootstrap, (c) => c.version(), { attempts: 1 })
      .then(
        () => false,
        (err: unknown) => err instanceof OpnsenseError && err.code === 'OPN_AUTH',
      );
    if (!refused) throw new Error('The firewall still accepts the bootstrap credential');
    await ctx.log(['Bootstrap credential deleted: the firewall refuses it now']);
  }

  /**
   * Network edge on SDN: takes `vnet` when the zone has it, otherwise creates it (pending until the
   * `sdn-apply` step applies it with the LAN subnet); a VLAN or QinQ zone tags it with the next
   * free VLAN of the cluster's pool.
   */
  private async takeVnet(
    ctx: Ctx,
    api: ProxmoxApi,
    st: DeployState,
    sdn: { zone: string; vnet: string },
  ): Promise<void> {
    const { input } = ctx.params;
    const zone = (await api.sdnZones()).find((z) => z.zone === sdn.zone);
    if (!zone) throw new Error(`The cluster has no SDN zone ${sdn.zone}`);
    const existing = (await api.sdnVnets()).find((v) => v.vnet === sdn.vnet);
    if (existing && !st.sdn?.created) {
      if (existing.zone !== sdn.zone)
        throw new Error(`VNet ${sdn.vnet} belongs to zone ${existing.zone}, not ${sdn.zone}`);
      st.sdn = { vnet: sdn.vnet, zone: sdn.zone, created: false };
      await ctx.log([`Using the existing SDN VNet ${sdn.vnet} (zone ${sdn.zone})`]);
      return;
    }
    if (!EDGE_ZONE_TYPES.includes(zone.type))
      throw new Error(`Zone ${sdn.zone} is a ${zone.type} zone: no VNet is created there`);
    let tag: number | undefined;
    if (zone.type === 'vlan' || zone.type === 'qinq') {
      if (st.vlan === undefined) {
        const taken = await this.ipam.takeNextVlan(input.clusterId, input.companyId, {
          purpose: 'firewall',
          note: `edge firewall ${input.name} (SDN VNet ${sdn.vnet})`,
          actorId: ctx.job.actorId ?? null,
        });
        st.vlan = taken.vlan;
      }
      tag = st.vlan;
    }
    // checkpoint first: a restarted step knows the VNet may be there already (pending)
    st.sdn = { vnet: sdn.vnet, zone: sdn.zone, created: true };
    await ctx.save();
    try {
      await api.createSdnVnet(sdn.vnet, sdn.zone, {
        ...(tag !== undefined ? { tag } : {}),
        alias: `Multpanel edge ${input.name}`,
      });
    } catch (err) {
      const again = (await api.sdnVnets(undefined, { pending: true }).catch(() => [])).some(
        (v) => v.vnet === sdn.vnet && v.zone === sdn.zone,
      );
      if (!again) {
        st.sdn = undefined; // nothing of ours to undo
        throw err;
      }
    }
    await ctx.log([
      `Created SDN VNet ${sdn.vnet} in zone ${sdn.zone}${tag !== undefined ? ` with VLAN ${tag}` : ''}`,
    ]);
  }

  /** A firewall row not stored yet: what the client needs to reach the new firewall. */
  private draftRow(ctx: Ctx, st: DeployState): FirewallRow {
    const { input } = ctx.params;
    const port = input.webguiPort === 443 ? '' : `:${input.webguiPort}`;
    return {
      id: 'deploying',
      companyId: input.companyId,
      name: input.name,
      url: `https://${st.wanAddress}${port}`,
      apiKey: st.issued?.sealedKey ?? ctx.params.sealedKey,
      apiSecret: st.issued?.sealedSecret ?? ctx.params.sealedSecret,
      fingerprint: st.fingerprint!,
    } as FirewallRow;
  }

  /** Until the API answers with the generated key: refused connections and 401s mean "still booting". */
  /** The newest upload (imgcopy) task of the node whose log names `file`, if any. */
  private async uploadTask(api: ProxmoxApi, node: string, file: string): Promise<string | null> {
    const since = Math.floor(Date.now() / 1000) - 3600;
    const tasks = await api.nodeTasks(node, {
      typefilter: 'imgcopy',
      source: 'all',
      since,
      limit: 20,
    });
    for (const t of tasks.sort((a, b) => (b.starttime ?? 0) - (a.starttime ?? 0))) {
      const { lines } = await api.taskLog(node, t.upid, 0, 10);
      if (lines.some((l) => l.t.startsWith('target file: ') && l.t.endsWith(`/${file}`)))
        return t.upid;
    }
    return null;
  }

  private async waitForApi(ctx: Ctx, row: FirewallRow): Promise<string> {
    const until = Date.now() + API_WAIT_MS;
    let last = '';
    for (let i = 0; ; i++) {
      try {
        return await this.connector.with(row, (c) => c.version(), { timeoutMs: 5000, attempts: 1 });
      } catch (err) {
        const msg = err instanceof Error ? err.message : String(err);
        if (err instanceof OpnsenseError && err.code === 'OPN_TLS') throw err; // not our certificate
        if (Date.now() > until)
          throw new Error(`The firewall did not answer within 10 minutes: ${msg}`);
        if (msg !== last) await ctx.log([`not yet: ${msg}`]);
        last = msg;
      }
      await delay(Math.min(500 * 2 ** i, 5000), undefined, { signal: ctx.signal });
    }
  }

  /** Aliases for the company's networks, default-deny inbound on WAN, outbound allow, Kea on LAN. */
  private async baseline(
    c: OpnsenseClient,
    lan: { cidr: string; gateway: string },
    networks: string[],
    pool: { from: string; to: string } | null,
  ): Promise<void> {
    await c.add('alias', {
      enabled: '1',
      name: 'company_networks',
      type: 'network',
      content: networks.join('\n'),
      description: 'The company’s networks (Multpanel IPAM)',
    });
    await c.apply('alias');
    await c.add('filter', {
      enabled: '1',
      action: 'block',
      interface: 'wan',
      direction: 'in',
      ipprotocol: 'inet46',
      protocol: 'any',
      source_net: 'any',
      source_port: '',
      destination_net: 'any',
      destination_port: '',
      log: '1',
      description: 'Default deny inbound (Multpanel baseline)',
    });
    await c.add('filter', {
      enabled: '1',
      action: 'pass',
      interface: 'lan',
      direction: 'in',
      ipprotocol: 'inet46',
      protocol: 'any',
      source_net: 'company_networks',
      source_port: '',
      destination_net: 'any',
      destination_port: '',
      log: '0',
      description: 'Outbound allow (Multpanel baseline)',
    });
    await c.apply('filter');
    if (!pool) return;
    const cidr = parseCidr(lan.cidr);
    if (typeof cidr === 'string') throw new Error(`bad LAN range ${lan.cidr}`);
    await c.keaEnable(['lan']);
    await c.keaAddSubnet({
      subnet: cidr.text,
      pools: `${pool.from}-${pool.to}`,
      description: 'LAN (Multpanel baseline)',
    });
    await c.keaReconfigure();
  }

  /**
   * The LAN's Kea pool, made of addresses IPAM never allocates: those above the range's allocation
   * window (the network edge's upper half), else a block of free addresses at the top of the range
   * reserved in IPAM with a note naming the pool, else none (DHCP skipped). The job log says which.
   */
  private async dhcpPool(
    ctx: Ctx,
    st: DeployState,
    lan: { rangeId: string; cidr: string },
  ): Promise<NonNullable<DeployState['dhcp']>> {
    const { input } = ctx.params;
    const range = await this.ipam.rangeWindow(lan.rangeId, input.companyId);
    const text = (p: DhcpPool | { from: string; to: string }) => `${p.from}-${p.to}`;
    const above = poolAboveWindow(range.cidr, range.lastOffset, range.gateway);
    if (above) {
      await ctx.log([
        `DHCP pool ${text(above)}: the ${above.size} addresses above IPAM's allocation window of ${range.cidr}`,
      ]);
      return { pool: { from: above.from, to: above.to }, reservedIds: [] };
    }
    if (!range.cidr.includes('.')) {
      await ctx.log([`No DHCP: ${range.cidr} is not an IPv4 network`]);
      return { pool: null, reservedIds: [] };
    }
    // the note names this deployment: a restarted step, or the undo, finds what it reserved
    const note = `Kea DHCP pool of edge firewall ${input.name} (deployment ${ctx.params.deploymentId})`;
    if (st.dhcpReserving) await this.releaseReserving(st.dhcpReserving);
    st.dhcpReserving = { rangeId: lan.rangeId, note };
    await ctx.save();
    const block = await this.ipam.reserveTopBlock(lan.rangeId, {
      companyId: input.companyId,
      purpose: 'firewall',
      hostname: input.name,
      note,
      actorId: ctx.job.actorId ?? null,
      min: Number(MIN_DHCP_POOL),
      max: MAX_RESERVED_POOL,
    });
    if (!block) {
      await ctx.log([
        `No DHCP: IPAM's allocation window fills ${range.cidr} and fewer than ${MIN_DHCP_POOL * 2n} of its top addresses are free in one run`,
      ]);
      return { pool: null, reservedIds: [] };
    }
    st.dhcp = { pool: { from: block.from, to: block.to }, reservedIds: block.ids };
    await ctx.save([
      `DHCP pool ${text(block)}: ${block.ids.length} free addresses at the top of ${range.cidr}, reserved in IPAM for the firewall (its window leaves no room above)`,
    ]);
    return st.dhcp;
  }

  private async releaseReserving(r: { rangeId: string; note: string }): Promise<number> {
    const ids = await this.ipam.reservedWithNote(r.rangeId, r.note);
    await this.ipam.releaseNow(ids);
    return ids.length;
  }

  /** Deletes the LAN subnet the job wrote and the VNet it created, then applies SDN. */
  private async undoSdn(
    api: ProxmoxApi,
    vnet: string,
    cidr: string | undefined,
    created: boolean,
  ): Promise<void> {
    let changed = false;
    const subnet = cidr
      ? (await api.sdnSubnets(vnet)).find((s) => s.cidr === cidr && !s.deleted)
      : undefined;
    if (subnet) {
      await api.deleteSdnSubnet(vnet, subnet.subnet);
      changed = true;
    }
    if (
      created &&
      (await api.sdnVnets(undefined, { pending: true })).some((v) => v.vnet === vnet)
    ) {
      await api.deleteSdnVnet(vnet);
      changed = true;
    }
    if (changed) await api.waitForTask(await api.applySdn());
  }

  /** Reverse order; each undo on its own, so one that fails does not keep the others from running. */
  private async undo(ctx: Ctx, api: ProxmoxApi, st: DeployState): Promise<void> {
    const { input } = ctx.params;
    const attempt = async (what: string, fn: () => Promise<unknown>) => {
      try {
        await fn();
        await ctx.log([`undone: ${what}`]);
      } catch (err) {
        const msg = err instanceof Error ? err.message : String(err);
        this.logger.warn(`firewall deploy ${ctx.job.id}: could not undo ${what}: ${msg}`);
        await ctx.log([`could not undo ${what}: ${msg}`]).catch(() => undefined);
      }
    };
    if (st.firewallId !== undefined) {
      const fwId = st.firewallId;
      const lan = st.lan ?? ctx.params.lan;
      if (lan)
        await attempt('the company’s default network for new guests', () =>
          this.ipam.restoreGuestNetwork(
            input.companyId,
            input.clusterId,
            lan.rangeId,
            st.guestNetworkBefore ?? null,
          ),
        );
      await attempt(`the firewall’s registration`, () => this.repo.removeForJob(fwId));
    }
    // the VM exists once it was cloned from the template or created for the installer
    if (st.vmid !== undefined && (st.done?.includes('clone') || st.done?.includes('create'))) {
      const vmid = st.vmid;
      if (st.started || st.done.includes('start'))
        await attempt(`start of VM ${vmid}`, async () =>
          api.waitForTask(await api.power(input.node, 'qemu', vmid, 'stop')),
        );
      await attempt(`VM ${vmid}`, async () =>
        api.waitForTask(await api.deleteGuest(input.node, 'qemu', vmid, { purge: true })),
      );
    }
    if (st.vmid !== undefined)
      await releaseVmid(this.redis, input.clusterId, st.vmid).catch(() => undefined);
    if (st.isoVolid) {
      const volid = st.isoVolid;
      await attempt(`config disk ${volid}`, async () => {
        const upid = await api.deleteVolume(input.node, input.isoStorage, volid);
        if (upid) await api.waitForTask(upid);
      });
    }
    if (st.dhcpReserving) {
      const r = st.dhcpReserving;
      await attempt(`the DHCP pool's reserved LAN addresses`, async () =>
        ctx.log([`${await this.releaseReserving(r)} reserved LAN addresses given back`]),
      );
    }
    if (st.wanAddressId) {
      const id = st.wanAddressId;
      await attempt(`WAN address ${st.wanAddress}`, () => this.ipam.releaseNow([id]));
    }
    if (st.sdn && (st.sdnSubnet || st.sdn.created)) {
      const { vnet, created } = st.sdn;
      const cidr = st.sdnSubnet ? st.lan?.cidr : undefined;
      await attempt(created ? `SDN VNet ${vnet}` : `subnet ${cidr} of SDN VNet ${vnet}`, () =>
        this.undoSdn(api, vnet, cidr, created),
      );
    }
    if (st.lan?.created) {
      const id = st.lan.rangeId;
      await attempt(`range ${st.lan.cidr}`, async () => {
        if (!(await this.ranges.removeTrusted(id))) throw new Error('addresses still in use');
      });
    }
    if (st.vlan !== undefined) {
      const vlan = st.vlan;
      await attempt(`VLAN ${vlan}`, () => this.ipam.releaseVlan(input.clusterId, vlan));
    }
  }
}

import { Injectable } from '@nestjs/common';
import type {
  AcceptEsxiFingerprintInput,
  CreateEsxiSourceInput,
  EsxiApiType,
  EsxiDatastore,
  EsxiDiscoveryStarted,
  EsxiInventoryDto,
  EsxiNetwork,
  EsxiSourceDto,
  EsxiSourceListQuery,
  EsxiSourcePage,
  EsxiTestResult,
  EsxiVmListQuery,
  EsxiVmPage,
  UpdateEsxiSourceInput,
} from '@multpanel/contracts';
import { AccessService } from '../../common/access/access.service';
import { ActivityService } from '../../common/audit/activity.service';
import type { Actor } from '../../common/auth/actor';
import { SecretsCipher } from '../../common/crypto/secrets-cipher';
import { AppError, notFound } from '../../common/errors/app-error';
import type { Prisma } from '../../generated/prisma/client';
import type { JobRunContext } from '../jobs/job-context';
import { JobsService } from '../jobs/jobs.service';
import {
  DATASTORE_PATHS,
  diffVms,
  NETWORK_PATHS,
  toDatastore,
  toDiscoveredVm,
  toNetwork,
  VM_PATHS,
  type DiscoveredVm,
} from './esxi-inventory';
import { toDiscovered, toInventoryDto, toSourceDto, toVmDto } from './esxi.mapper';
import { EsxiRepository, type EsxiSourceRow } from './esxi.repository';
import { UntrustedCertificateError, VsphereClient, VsphereFault } from './vsphere-client';

export const ESXI_PASSWORD_CONTEXT = 'esxi-source.password';
/** VMs per RetrievePropertiesEx page: bounded memory per page whatever the estate's size. */
export const DISCOVERY_PAGE_SIZE = 100;

/** A peer failure in the platform's terms (never a 500). */
export function esxiError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof UntrustedCertificateError)
    return new AppError(
      'ESXI_CERTIFICATE_UNTRUSTED',
      `The host presents certificate ${err.fingerprint}, which has not been accepted for this source; test the connection and accept the fingerprint first`,
      { fingerprint: err.fingerprint },
    );
  if (err instanceof VsphereFault && err.fault === 'InvalidLogin')
    return new AppError('ESXI_LOGIN_FAILED', 'The host refused the user name and password');
  const msg = err instanceof Error ? err.message : String(err);
  return new AppError('DEPENDENCY_UNAVAILABLE', `The ESXi/vCenter host did not answer: ${msg}`);
}

/** ESXi / vCenter sources of a company: connection, certificate pinning, discovery (issue 22). */
@Injectable()
export class EsxiService {
  constructor(
    private readonly repo: EsxiRepository,
    private readonly access: AccessService,
    private readonly cipher: SecretsCipher,
    private readonly jobs: JobsService,
    private readonly activity: ActivityService,
  ) {}

  async list(actor: Actor, q: EsxiSourceListQuery): Promise<EsxiSourcePage> {
    if (q.companyId) await this.access.requireCompany(actor, q.companyId);
    const [rows, total] = await this.repo.sourcePage(
      actor.scope,
      { companyId: q.companyId },
      (q.page - 1) * q.pageSize,
      q.pageSize,
    );
    return { items: rows.map(toSourceDto), total, page: q.page, pageSize: q.pageSize };
  }

  async get(actor: Actor, id: string): Promise<EsxiSourceDto> {
    return toSourceDto(await this.find(actor, id));
  }

  async create(actor: Actor, input: CreateEsxiSourceInput): Promise<EsxiSourceDto> {
    await this.access.requireCompany(actor, input.companyId);
    const row = await this.repo.createSource({
      companyId: input.companyId,
      name: input.name,
      host: input.host,
      port: input.port,
      username: input.username,
      password: this.cipher.encrypt(input.password, ESXI_PASSWORD_CONTEXT),
    });
    await this.audit(actor, 'esxi.source.create', row, { host: row.host, port: row.port });
    return toSourceDto(row);
  }

  async update(actor: Actor, id: string, input: UpdateEsxiSourceInput): Promise<EsxiSourceDto> {
    await this.find(actor, id);
    const row = await this.repo.updateSource(actor.scope, id, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.username !== undefined ? { username: input.username } : {}),
      ...(input.password !== undefined
        ? { password: this.cipher.encrypt(input.password, ESXI_PASSWORD_CONTEXT) }
        : {}),
    });
    if (!row) throw notFound('ESXi source');
    await this.audit(actor, 'esxi.source.update', row, {
      fields: Object.keys(input).filter((k) => k !== 'password' || input.password !== undefined),
    });
    return toSourceDto(row);
  }

  async remove(actor: Actor, id: string): Promise<void> {
    const row = await this.find(actor, id);
    if (!(await this.repo.removeSource(actor.scope, id))) throw notFound('ESXi source');
    await this.audit(actor, 'esxi.source.delete', row, { name: row.name });
  }

  /**
   * Reads the certificate first: an unaccepted one is reported (trusted: false) and nothing else is
   * sent. With the pinned one: version, API type, VM count and latency; refused credentials are a 422.
   */
  async test(actor: Actor, id: string): Promise<EsxiTestResult> {
    const row = await this.find(actor, id);
    const t0 = Date.now();
    let fingerprint: string;
    try {
      fingerprint = await VsphereClient.fingerprint(row.host, row.port);
    } catch (err) {
      throw esxiError(err);
    }
    const base = { fingerprint, apiType: null, version: null, fullName: null, vmCount: null };
    if (!row.fingerprint || row.fingerprint.toUpperCase() !== fingerprint) {
      return {
        ...base,
        ok: false,
        trusted: false,
        latencyMs: Date.now() - t0,
        error: row.fingerprint
          ? 'The host presents another certificate than the accepted one; accept the new fingerprint if that is expected'
          : 'Accept the host’s certificate fingerprint to continue',
      };
    }
    const client = this.client(row);
    try {
      const sc = await client.serviceContent();
      await client.login(row.username, this.password(row));
      let vmCount = 0;
      for await (const page of client.objects('VirtualMachine', [], 1000)) vmCount += page.length;
      const latencyMs = Date.now() - t0;
      const apiType = sc.apiType === 'VirtualCenter' ? 'VirtualCenter' : 'HostAgent';
      await this.repo.recordTest(row.id, {
        apiType,
        version: sc.version,
        vmCount,
        error: null,
        at: new Date(),
      });
      return {
        ...base,
        ok: true,
        trusted: true,
        apiType: apiType as EsxiApiType,
        version: sc.version,
        fullName: sc.fullName,
        vmCount,
        latencyMs,
        error: null,
      };
    } catch (err) {
      const e = esxiError(err);
      await this.repo.recordTest(row.id, { error: e.message, at: new Date() });
      throw e;
    } finally {
      await client.logout();
    }
  }

  /** Pins the fingerprint the host presents now; it must be the one the caller saw. */
  async accept(
    actor: Actor,
    id: string,
    input: AcceptEsxiFingerprintInput,
  ): Promise<EsxiSourceDto> {
    const row = await this.find(actor, id);
    let presented: string;
    try {
      presented = await VsphereClient.fingerprint(row.host, row.port);
    } catch (err) {
      throw esxiError(err);
    }
    const wanted = input.fingerprint.toUpperCase();
    if (presented !== wanted)
      throw new AppError(
        'CONFLICT',
        `The host now presents certificate ${presented}, not ${wanted}; test the connection again`,
        { fingerprint: presented },
      );
    const updated = await this.repo.updateSource(actor.scope, id, { fingerprint: wanted });
    if (!updated) throw notFound('ESXi source');
    await this.audit(actor, 'esxi.source.accept-certificate', updated, { fingerprint: wanted });
    return toSourceDto(updated);
  }

  async startDiscovery(actor: Actor, id: string): Promise<EsxiDiscoveryStarted> {
    const row = await this.find(actor, id);
    if (!row.fingerprint)
      throw new AppError(
        'ESXI_CERTIFICATE_UNTRUSTED',
        'Accept the host’s certificate fingerprint (test the connection) before discovering',
      );
    const job = await this.jobs.start({
      type: 'esxi.discover',
      companyId: row.companyId,
      actorId: actor.principal.userId,
      params: { sourceId: row.id },
      message: `Discover ${row.name} (${row.host})`,
    });
    await this.audit(actor, 'esxi.source.discover', row, { jobId: job.id });
    return { job };
  }

  async vms(actor: Actor, id: string, q: EsxiVmListQuery): Promise<EsxiVmPage> {
    await this.find(actor, id);
    const [rows, total] = await this.repo.vmPage(
      actor.scope,
      id,
      { search: q.search, powerState: q.powerState },
      (q.page - 1) * q.pageSize,
      q.pageSize,
    );
    return { items: rows.map(toVmDto), total, page: q.page, pageSize: q.pageSize };
  }

  async inventory(actor: Actor, id: string): Promise<EsxiInventoryDto> {
    return toInventoryDto(await this.find(actor, id));
  }

  // --- worker side -------------------------------------------------------------------------

  /** The discovery job: networks, datastores, then VMs page by page; the diff against the last run. */
  async runDiscovery(ctx: JobRunContext<'esxi.discover'>) {
    const companyId = ctx.job.companyId;
    const row = companyId ? await this.repo.sourceForJob(companyId, ctx.params.sourceId) : null;
    if (!row) throw notFound('ESXi source');
    const client = this.client(row);
    try {
      await ctx.progress(2, `Connecting to ${row.host}`);
      const sc = await client.serviceContent();
      await client.login(row.username, this.password(row));
      await ctx.log([`Logged in to ${sc.fullName} (${sc.apiType})`]);

      const networks: EsxiNetwork[] = [];
      for await (const page of client.objects('Network', NETWORK_PATHS, DISCOVERY_PAGE_SIZE))
        for (const o of page) networks.push(toNetwork(o.moref, networkType(o.moref), o.props));
      const names = new Map(networks.map((n) => [n.moref, n.name]));
      const datastores: EsxiDatastore[] = [];
      for await (const page of client.objects('Datastore', DATASTORE_PATHS, DISCOVERY_PAGE_SIZE))
        for (const o of page) datastores.push(toDatastore(o.moref, o.props));
      await ctx.progress(10, `${networks.length} networks, ${datastores.length} datastores`);

      const estimate = Math.max(row.vmCount ?? 0, 1);
      const vms: DiscoveredVm[] = [];
      let pages = 0;
      for await (const page of client.objects('VirtualMachine', VM_PATHS, DISCOVERY_PAGE_SIZE)) {
        for (const o of page) vms.push(toDiscoveredVm(o.moref, o.props, names));
        await ctx.log([`page ${++pages}: ${page.length} VMs`]);
        await ctx.progress(
          Math.min(85, 10 + Math.round((75 * vms.length) / Math.max(estimate, vms.length))),
          `${vms.length} VMs read`,
        );
      }

      const before = (await this.repo.allVms(row.id)).map(toDiscovered);
      const changes = diffVms(before, vms);
      await ctx.progress(90, `Storing ${vms.length} VMs`);
      await this.repo.storeDiscovery(
        row,
        vms.map((v) => ({
          ...v,
          ipAddresses: v.ipAddresses,
          disks: v.disks as unknown as Prisma.InputJsonValue,
          nics: v.nics as unknown as Prisma.InputJsonValue,
        })),
        {
          at: new Date(),
          datastores: datastores as unknown as Prisma.InputJsonValue,
          networks: networks as unknown as Prisma.InputJsonValue,
          changes: changes as unknown as Prisma.InputJsonValue,
        },
      );
      const summary = {
        vms: vms.length,
        datastores: datastores.length,
        networks: networks.length,
        added: changes.added.length,
        removed: changes.removed.length,
        changed: changes.changed.length,
      };
      await ctx.progress(
        100,
        `${vms.length} VMs: ${summary.added} added, ${summary.removed} removed, ${summary.changed} changed`,
      );
      return summary;
    } catch (err) {
      throw esxiError(err);
    } finally {
      await client.logout();
    }
  }

  private client(row: EsxiSourceRow): VsphereClient {
    return new VsphereClient(row.host, row.port, row.fingerprint);
  }

  private password(row: EsxiSourceRow): string {
    return this.cipher.decrypt(row.password, ESXI_PASSWORD_CONTEXT);
  }

  private async find(actor: Actor, id: string): Promise<EsxiSourceRow> {
    const row = await this.repo.source(actor.scope, id);
    if (!row) throw notFound('ESXi source');
    return row;
  }

  private audit(
    actor: Actor,
    action: string,
    row: EsxiSourceRow,
    details: Record<string, unknown>,
  ): Promise<void> {
    return this.activity.record({
      action,
      actor: actor.principal,
      companyId: row.companyId,
      resourceType: 'esxi_source',
      resourceId: row.id,
      details,
    });
  }
}

/** dvportgroup-12 → DistributedVirtualPortgroup; network-7 / HaNetwork-… → Network. */
function networkType(moref: string): string {
  return moref.startsWith('dvportgroup-') ? 'DistributedVirtualPortgroup' : 'Network';
}

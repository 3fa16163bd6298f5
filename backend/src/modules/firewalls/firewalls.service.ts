import { Injectable } from '@nestjs/common';
import type {
  CreateFirewallInput,
  FirewallDto,
  FirewallItemsDto,
  FirewallKind,
  FirewallListQuery,
  FirewallPage,
  UpdateFirewallInput,
} from '@multpanel/contracts';
import { FIREWALL_KINDS, FIREWALL_VIEWS, Permission } from '@multpanel/contracts';
import { AccessService } from '../../common/access/access.service';
import { ActivityService } from '../../common/audit/activity.service';
import type { Actor } from '../../common/auth/actor';
import { AppError, notFound } from '../../common/errors/app-error';
import { OpnsenseError } from '../../common/opnsense';
import { IpamService } from '../ipam/ipam.service';
import { FirewallConnector } from './firewall-connector';
import { toFirewallDto } from './firewalls.mapper';
import { FirewallsRepository, type FirewallRow } from './firewalls.repository';

/** Edge firewalls of a company: register (connection checked), list, re-key, remove, read items. */
@Injectable()
export class FirewallsService {
  constructor(
    private readonly repo: FirewallsRepository,
    private readonly access: AccessService,
    private readonly connector: FirewallConnector,
    private readonly activity: ActivityService,
    private readonly ipam: IpamService,
  ) {}

  async list(actor: Actor, q: FirewallListQuery): Promise<FirewallPage> {
    if (q.companyId) await this.access.requireCompany(actor, q.companyId);
    const [rows, total] = await this.repo.page(
      actor.scope,
      { companyId: q.companyId },
      (q.page - 1) * q.pageSize,
      q.pageSize,
    );
    const last = await this.repo.lastChangeAt(rows.map((r) => r.id));
    const names = await this.repo.companyNames(rows.map((r) => r.companyId));
    return {
      items: rows.map((r) => toFirewallDto(r, last.get(r.id), names.get(r.companyId) ?? null)),
      total,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  async get(actor: Actor, id: string): Promise<FirewallDto> {
    const row = await this.access.requireFirewall(actor, id, 'read');
    return this.toDto(row);
  }

  private async toDto(row: FirewallRow): Promise<FirewallDto> {
    const last = await this.repo.lastChangeAt([row.id]);
    const names = await this.repo.companyNames([row.companyId]);
    return toFirewallDto(row, last.get(row.id), names.get(row.companyId) ?? null);
  }

  /** Registers an existing firewall; the key must work before anything is stored. */
  async create(actor: Actor, input: CreateFirewallInput): Promise<FirewallDto> {
    this.access.requirePermission(actor, Permission.FirewallRegister);
    await this.access.requireCompany(actor, input.companyId);
    const draft = {
      companyId: input.companyId,
      name: input.name,
      url: input.url.replace(/\/$/, ''),
      fingerprint: input.fingerprint.toUpperCase(),
      ...this.connector.seal(input.apiKey, input.apiSecret),
    };
    const version = await this.connector
      .with({ ...draft, id: 'new' } as FirewallRow, (c) => c.version())
      .catch((err: unknown) => {
        if (err instanceof OpnsenseError && (err.code === 'OPN_AUTH' || err.code === 'OPN_TLS'))
          throw new AppError(
            'BAD_REQUEST',
            `${err.message}; check the key, secret and fingerprint`,
          );
        throw err;
      });
    const row = await this.repo.create({ ...draft, version, lastSeenAt: new Date() });
    await this.audit(actor, 'firewall.create', row, { url: row.url, version });
    return this.toDto(row);
  }

  async update(actor: Actor, id: string, input: UpdateFirewallInput): Promise<FirewallDto> {
    const current = await this.access.requireFirewall(actor, id, 'register');
    if ((input.apiKey === undefined) !== (input.apiSecret === undefined))
      throw new AppError('BAD_REQUEST', 'Change the API key and secret together');
    const row = await this.repo.update(actor.scope, current.id, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.fingerprint !== undefined ? { fingerprint: input.fingerprint.toUpperCase() } : {}),
      ...(input.apiKey !== undefined && input.apiSecret !== undefined
        ? this.connector.seal(input.apiKey, input.apiSecret)
        : {}),
    });
    if (!row) throw notFound('Firewall');
    await this.audit(actor, 'firewall.update', row, {
      fields: Object.keys(input).filter((k) => k !== 'apiSecret' && k !== 'apiKey'),
      rekeyed: input.apiKey !== undefined,
    });
    return this.toDto(row);
  }

  async remove(actor: Actor, id: string): Promise<void> {
    const row = await this.access.requireFirewall(actor, id, 'register');
    if (!(await this.repo.remove(actor.scope, id))) throw notFound('Firewall');
    // the LAN addresses IPAM kept for its DHCP pool go back to the range
    const reserved = Array.isArray(row.dhcpReservedIds) ? (row.dhcpReservedIds as string[]) : [];
    if (reserved.length) await this.ipam.releaseNow(reserved);
    await this.audit(actor, 'firewall.delete', row, {
      name: row.name,
      ...(reserved.length ? { releasedDhcpAddresses: reserved.length } : {}),
    });
  }

  /** Asks the firewall for its version now and records whether it answered. */
  async test(actor: Actor, id: string): Promise<FirewallDto> {
    const row = await this.access.requireFirewall(actor, id, 'read');
    await this.contact(row, (c) => c.version());
    return this.get(actor, id);
  }

  /** Items of one kind, read from the firewall (it is the source of truth). */
  async items(actor: Actor, id: string, kind: string): Promise<FirewallItemsDto> {
    const row = await this.access.requireFirewall(actor, id, 'read');
    if (kind === 'interfaces') {
      const r = await this.contact(row, (c) => c.interfaces());
      // an interface's identifier (wan, lan, opt1) names its row
      return { kind, rows: r.rows.map((i) => ({ ...i, uuid: String(i.identifier ?? i.uuid) })) };
    }
    if (kind === 'dhcp_leases') {
      const r = await this.contact(row, (c) => c.dhcpLeases());
      return {
        kind,
        rows: r.rows.map((l, n) => ({ ...l, uuid: String(l.address ?? l.hwaddr ?? n) })),
      };
    }
    if (!(FIREWALL_KINDS as readonly string[]).includes(kind))
      throw new AppError(
        'BAD_REQUEST',
        `Unknown kind ${kind}; one of ${[...FIREWALL_KINDS, ...FIREWALL_VIEWS].join(', ')}`,
      );
    const k = kind as FirewallKind;
    const result = await this.contact(row, (c) => c.search(k));
    return { kind: k, rows: result.rows };
  }

  /** Runs `fn` against the firewall and records the contact (version, or the error). */
  async contact<T>(
    row: FirewallRow,
    fn: (c: import('../../common/opnsense').OpnsenseClient) => Promise<T>,
  ): Promise<T> {
    try {
      const out = await this.connector.with(row, async (c) => {
        const r = await fn(c);
        await this.repo.recordContact(row.id, {
          version: await c.version(),
          error: null,
          at: new Date(),
        });
        return r;
      });
      return out;
    } catch (err) {
      if (
        err instanceof OpnsenseError &&
        err.code !== 'OPN_TOO_OLD' &&
        err.code !== 'OPN_VALIDATION'
      )
        await this.repo.recordContact(row.id, { error: err.message, at: new Date() });
      throw err;
    }
  }

  audit(
    actor: Actor,
    action: string,
    row: FirewallRow,
    details: Record<string, unknown>,
  ): Promise<void> {
    return this.activity.record({
      action,
      actor: actor.principal,
      companyId: row.companyId,
      resourceType: 'firewall',
      resourceId: row.id,
      details,
    });
  }
}

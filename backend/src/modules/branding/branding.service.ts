import type { Readable } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import {
  BRANDING_ASSET_MAX_BYTES,
  BRANDING_ASSET_MAX_PIXELS,
  BRANDING_ASSET_TYPES,
  type BrandingAssetKind,
  type BrandingDto,
  type BrandingUpdateInput,
  type EffectiveBranding,
} from '@multpanel/contracts';
import { AccessService } from '../../common/access/access.service';
import { ActivityService } from '../../common/audit/activity.service';
import type { Actor } from '../../common/auth/actor';
import { AppError } from '../../common/errors/app-error';
import { FileStore, mediaType, tooLarge } from '../../common/files/file-store';
import { imageSize } from '../../common/files/image-size';
import { RedisService } from '../../common/redis/redis.service';
import { AppConfig } from '../../config/app-config';
import type { Prisma } from '../../generated/prisma/client';
import { HostCertificatesService } from '../certificates/host-certificates.service';
import { mergeBranding, storedAssets, toBrandingSettings } from './branding.mapper';
import { BrandingRepository, PLATFORM_OWNER, type BrandingRow } from './branding.repository';

export const BRANDING_AREA = 'branding';
const CACHE_TTL_SECONDS = 300;

/** The host name of a Host header: lower-case, without port or trailing dot. */
export function hostName(header: string | undefined): string {
  const h = (header ?? '').trim().toLowerCase();
  const bare = h.startsWith('[') ? h.slice(0, h.indexOf(']') + 1) : h.split(':')[0];
  return bare.replace(/\.$/, '');
}

/** Links and sender of one company's mails (see BrandingService.mailContext). */
export interface MailContext {
  /** Base URL of links in the mail, without a trailing slash. */
  baseUrl: string;
  productName: string;
  from: { name: string; address: string };
}

/**
 * Per-company and platform branding. The effective branding of a host is cached in Redis under a
 * version every change bumps, so every API process shows a change at once.
 */
@Injectable()
export class BrandingService {
  private readonly logger = new Logger('Branding');

  constructor(
    private readonly repo: BrandingRepository,
    private readonly access: AccessService,
    private readonly activity: ActivityService,
    private readonly files: FileStore,
    private readonly redis: RedisService,
    private readonly config: AppConfig,
    private readonly certificates: HostCertificatesService,
  ) {}

  // --- public -----------------------------------------------------------------------------

  /**
   * What a page on `hostHeader` shows; with `companyId` (a signed-in customer), that company's
   * branding over the MSP's whatever the host.
   */
  async effective(
    hostHeader: string | undefined,
    companyId: string | null = null,
  ): Promise<EffectiveBranding> {
    const host = hostName(hostHeader);
    const version = await this.cacheVersion();
    const key = this.redis.key('branding', 'effective', version, host, companyId ?? '-');
    const cached = await this.redis.client.get(key).catch(() => null);
    if (cached) return JSON.parse(cached) as EffectiveBranding;
    const value = await this.compute(host, companyId);
    await this.redis.client.set(key, JSON.stringify(value), 'EX', CACHE_TTL_SECONDS).catch(() => 0);
    return value;
  }

  /** The company a host is mapped to (null: the platform's own host). */
  hostCompany(hostHeader: string | undefined) {
    return this.repo.hostCompany(hostName(hostHeader));
  }

  /**
   * What every mailer needs for a mail to a company's people: the base of its links (the company's
   * first mapped host, over HTTPS, else PUBLIC_URL), its product name and its sender (the
   * company's, else the MSP's, else the product name at PUBLIC_URL's host). Without a company (staff):
   * PUBLIC_URL and the MSP's branding. `localPart` names the fallback address (no-reply, support).
   */
  async mailContext(companyId: string | null, localPart = 'no-reply'): Promise<MailContext> {
    const b = await this.effective(undefined, companyId);
    const [host] = companyId ? await this.repo.hosts(companyId) : [];
    const productName = b.productName ?? 'Multpanel';
    return {
      baseUrl: host ? `https://${host}` : this.config.publicUrl.replace(/\/+$/, ''),
      productName,
      from: {
        name: b.mailFromName ?? productName,
        address: b.mailFromAddress ?? `${localPart}@${new URL(this.config.publicUrl).hostname}`,
      },
    };
  }

  /** A stored image by owner and hash (content-addressed: immutable). */
  async asset(owner: string, sha256: string) {
    const row = await this.repo.find(owner);
    const assets = storedAssets(row?.assets);
    const found = Object.values(assets).find((a) => a.sha256 === sha256);
    if (!found) throw new AppError('NOT_FOUND', 'Image not found');
    return { ...found, stream: this.files.read(BRANDING_AREA, owner, sha256) };
  }

  // --- settings ---------------------------------------------------------------------------

  async get(actor: Actor, companyId: string | null): Promise<BrandingDto> {
    if (companyId) await this.access.requireCompany(actor, companyId);
    const owner = companyId ?? PLATFORM_OWNER;
    const row = await this.repo.find(owner);
    return this.dto(companyId, row);
  }

  async update(
    actor: Actor,
    companyId: string | null,
    input: BrandingUpdateInput,
  ): Promise<BrandingDto> {
    if (companyId) await this.access.requireCompany(actor, companyId);
    const owner = companyId ?? PLATFORM_OWNER;
    const row = await this.repo.upsert(owner, input);
    await this.changed(actor, companyId, 'branding.update', { fields: Object.keys(input) });
    return this.dto(companyId, row);
  }

  async setHosts(actor: Actor, companyId: string, hosts: string[]): Promise<BrandingDto> {
    await this.access.requireCompany(actor, companyId);
    const unique = [...new Set(hosts)];
    const before = await this.repo.hosts(companyId);
    const outcome = await this.repo.setHosts(companyId, unique);
    if (outcome !== 'ok') {
      throw new AppError('CONFLICT', `The host ${outcome.taken} is mapped to another company`);
    }
    await this.changed(actor, companyId, 'branding.hosts', { hosts: unique });
    // A removed host's certificate goes with it; an added one is ordered when ACME is set up.
    await this.certificates.hostsChanged(actor, companyId, before, unique);
    return this.dto(companyId, await this.repo.find(companyId));
  }

  async uploadAsset(
    actor: Actor,
    companyId: string | null,
    kind: BrandingAssetKind,
    body: { stream: Readable; contentType?: string; contentLength?: string },
  ): Promise<BrandingDto> {
    if (companyId) await this.access.requireCompany(actor, companyId);
    const owner = companyId ?? PLATFORM_OWNER;
    const type = mediaType(body.contentType);
    if (!(BRANDING_ASSET_TYPES as readonly string[]).includes(type)) {
      throw new AppError(
        'UNSUPPORTED_MEDIA_TYPE',
        `Upload the image as ${BRANDING_ASSET_TYPES.join(', ')} (the raw request body)`,
      );
    }
    if (Number(body.contentLength) > BRANDING_ASSET_MAX_BYTES)
      throw tooLarge(BRANDING_ASSET_MAX_BYTES);
    const tmpId = `incoming-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const stored = await this.files.save(BRANDING_AREA, owner, tmpId, body.stream, {
      maxBytes: BRANDING_ASSET_MAX_BYTES,
      contentType: type,
      headBytes: BRANDING_ASSET_MAX_BYTES,
      inspect: (head) => {
        const size = imageSize(head);
        if (!size || size.width < 1 || size.height < 1) {
          throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'The image could not be read');
        }
        if (size.width > BRANDING_ASSET_MAX_PIXELS || size.height > BRANDING_ASSET_MAX_PIXELS) {
          throw new AppError(
            'VALIDATION_FAILED',
            `Images are limited to ${BRANDING_ASSET_MAX_PIXELS}×${BRANDING_ASSET_MAX_PIXELS} pixels (this one is ${size.width}×${size.height})`,
          );
        }
      },
    });
    // Content-addressed: the file is named by its hash.
    await this.files.rename(BRANDING_AREA, owner, tmpId, stored.sha256);
    const assets = storedAssets((await this.repo.find(owner))?.assets);
    assets[kind] = { sha256: stored.sha256, contentType: type, size: stored.size };
    const row = await this.repo.upsert(owner, { assets: assets as Prisma.InputJsonValue });
    await this.changed(actor, companyId, 'branding.asset', { kind, size: stored.size });
    return this.dto(companyId, row);
  }

  async removeAsset(
    actor: Actor,
    companyId: string | null,
    kind: BrandingAssetKind,
  ): Promise<BrandingDto> {
    if (companyId) await this.access.requireCompany(actor, companyId);
    const owner = companyId ?? PLATFORM_OWNER;
    const assets = storedAssets((await this.repo.find(owner))?.assets);
    delete assets[kind];
    const row = await this.repo.upsert(owner, { assets: assets as Prisma.InputJsonValue });
    await this.changed(actor, companyId, 'branding.asset', { kind, removed: true });
    return this.dto(companyId, row);
  }

  private async compute(host: string, companyId: string | null): Promise<EffectiveBranding> {
    const company = host ? await this.repo.hostCompany(host) : null;
    const brandOf = companyId ?? company?.id ?? null;
    const platform = toBrandingSettings(PLATFORM_OWNER, await this.repo.find(PLATFORM_OWNER));
    const settings = brandOf
      ? mergeBranding(platform, toBrandingSettings(brandOf, await this.repo.find(brandOf)))
      : platform;
    return {
      ...settings,
      hostCompanyId: company?.id ?? null,
      hostCompanyName: company?.name ?? null,
      hostCertificate: company ? 'pending' : 'platform',
    };
  }

  private async dto(companyId: string | null, row: BrandingRow | null): Promise<BrandingDto> {
    const owner = companyId ?? PLATFORM_OWNER;
    return {
      ...toBrandingSettings(owner, row),
      companyId,
      hosts: companyId ? await this.repo.hosts(companyId) : [],
      updatedAt: row?.updatedAt.toISOString() ?? null,
    };
  }

  // --- company lifecycle (CompaniesService) ----------------------------------------------------

  /** A mapped host's sign-in page names its company: a rename shows there at once. */
  companyRenamed(): Promise<void> {
    return this.bumpCache();
  }

  /** A deleted company's branding, images and host names (free for another company again). */
  async purgeCompany(companyId: string): Promise<void> {
    await this.repo.removeCompany(companyId);
    await this.files.removeOwner(BRANDING_AREA, companyId);
    await this.bumpCache();
  }

  private async cacheVersion(): Promise<string> {
    return (
      (await this.redis.client.get(this.redis.key('branding', 'version')).catch(() => null)) ?? '0'
    );
  }

  private async changed(
    actor: Actor,
    companyId: string | null,
    action: string,
    details: Record<string, unknown>,
  ): Promise<void> {
    await this.bumpCache();
    await this.activity.record({
      action,
      companyId,
      actor: actor.principal,
      resourceType: 'branding',
      resourceId: companyId ?? PLATFORM_OWNER,
      ip: actor.meta.ip,
      userAgent: actor.meta.userAgent,
      details,
    });
  }

  /** Every API process reads the effective branding under this version: a new one drops it all. */
  private async bumpCache(): Promise<void> {
    await this.redis.client
      .incr(this.redis.key('branding', 'version'))
      .catch((err: Error) => this.logger.warn(`branding cache not bumped: ${err.message}`));
  }
}

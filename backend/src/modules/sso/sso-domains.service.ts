import { Injectable } from '@nestjs/common';
import type { SsoDomainView } from '@multpanel/contracts';
import type { Actor } from '../../common/auth/actor';
import { ActivityService } from '../../common/audit/activity.service';
import { AppError } from '../../common/errors/app-error';
import type { IdentityProvider } from '../../generated/prisma/client';
import { DomainProof } from './domain-proof';
import { domainsOf } from './identity-provider.mapper';
import { IdentityProviderRepository } from './identity-provider.repository';

const PURPOSE = 'sso-domain-verification';

/**
 * Which email domains may route sign-ins to a provider. A provider may claim a domain that no other
 * provider has verified and that no account outside its reach uses (another company's, the staff's);
 * the claim routes sign-ins only once proven by a DNS TXT record or approved by a super_admin.
 * Unproven claims do not block anyone: a squatter cannot keep the owner from proving its domain.
 */
@Injectable()
export class SsoDomainsService {
  constructor(
    private readonly repo: IdentityProviderRepository,
    private readonly proof: DomainProof,
    private readonly activity: ActivityService,
  ) {}

  /**
   * The record that proves `domain` for this provider. Derived from the provider id with a server
   * secret, so it needs no storage and another provider's record proves nothing for this one.
   */
  txtRecord(providerId: string, domain: string): { name: string; value: string } {
    return this.proof.txtRecord(PURPOSE, providerId, domain);
  }

  async views(p: IdentityProvider): Promise<SsoDomainView[]> {
    const verified = new Map((await this.repo.verifications(p.id)).map((v) => [v.domain, v]));
    return domainsOf(p).map((domain) => {
      const v = verified.get(domain);
      const txt = this.txtRecord(p.id, domain);
      return {
        domain,
        status: v ? 'verified' : 'pending',
        method: v ? (v.method as 'dns' | 'approval') : null,
        verifiedAt: v ? v.verifiedAt.toISOString() : null,
        txtName: txt.name,
        txtValue: txt.value,
      };
    });
  }

  /** The provider's domains that route sign-ins. */
  async verifiedDomains(p: IdentityProvider): Promise<string[]> {
    const verified = new Set((await this.repo.verifications(p.id)).map((v) => v.domain));
    return domainsOf(p).filter((d) => verified.has(d));
  }

  /** Refuses domains this provider may not claim (those it has verified already stay). */
  async checkClaimable(
    providerId: string | null,
    companyId: string | null,
    domains: string[],
  ): Promise<void> {
    const mine = providerId
      ? new Set((await this.repo.verifications(providerId)).map((v) => v.domain))
      : new Set<string>();
    const fresh = domains.filter((d) => !mine.has(d));
    if (fresh.length === 0) return;
    const verified = await this.repo.verifiedElsewhere(providerId, fresh);
    if (verified.length > 0) {
      throw new AppError(
        'CONFLICT',
        `Domain already verified by another organisation: ${verified.join(', ')}`,
      );
    }
    const used = await this.repo.usedByOthers(companyId, fresh);
    if (used.length > 0) {
      throw new AppError(
        'CONFLICT',
        companyId
          ? `Domain used by accounts of another organisation or of the platform staff: ${used.join(', ')}`
          : `Domain used by accounts of customer companies: ${used.join(', ')}`,
      );
    }
  }

  /** After the settings were saved: forget dropped domains; a super_admin's save approves all. */
  async afterSave(p: IdentityProvider, actor: Actor): Promise<void> {
    const domains = domainsOf(p);
    await this.repo.dropVerificationsExcept(p.id, domains);
    if (actor.principal.role !== 'super_admin') return;
    for (const domain of domains) {
      await this.repo.addVerification(p.id, domain, 'approval', actor.principal.userId);
    }
  }

  /** Looks up the provider's TXT record for `domain`; verified when it holds the expected value. */
  async verifyByDns(p: IdentityProvider, domain: string, actor: Actor): Promise<void> {
    await this.checkVerifiable(p, domain);
    await this.proof.check(PURPOSE, p.id, domain);
    await this.record(p, domain, 'dns', actor);
  }

  async approve(p: IdentityProvider, domain: string, actor: Actor): Promise<void> {
    await this.checkVerifiable(p, domain);
    await this.record(p, domain, 'approval', actor);
  }

  private async checkVerifiable(p: IdentityProvider, domain: string): Promise<void> {
    if (!domainsOf(p).includes(domain)) {
      throw new AppError('NOT_FOUND', `Domain ${domain} is not one of this provider's domains`);
    }
    await this.checkClaimable(p.id, p.companyId, [domain]);
  }

  private async record(
    p: IdentityProvider,
    domain: string,
    method: 'dns' | 'approval',
    actor: Actor,
  ): Promise<void> {
    await this.repo.addVerification(p.id, domain, method, actor.principal.userId);
    await this.activity.record({
      action: 'identity_provider.domain_verify',
      companyId: p.companyId,
      actor: actor.principal,
      resourceType: 'identity_provider',
      resourceId: p.id,
      ip: actor.meta.ip,
      userAgent: actor.meta.userAgent,
      details: { domain, method },
    });
  }
}

import { Injectable } from '@nestjs/common';
import {
  identityProviderInputSchema,
  type IdentityProviderView,
  type Role,
} from '@multpanel/contracts';
import type { z } from 'zod';
import type { Actor } from '../../common/auth/actor';
import { ActivityService } from '../../common/audit/activity.service';
import { SecretsCipher } from '../../common/crypto/secrets-cipher';
import { AppError, notFound } from '../../common/errors/app-error';
import { AppConfig } from '../../config/app-config';
import type { IdentityProvider } from '../../generated/prisma/client';
import { toIdentityProviderView } from './identity-provider.mapper';
import { IdentityProviderRepository } from './identity-provider.repository';
import { SsoDomainsService } from './sso-domains.service';
import { rolesFor } from './sso-rules';

type Input = z.output<typeof identityProviderInputSchema>;

export const CLIENT_SECRET_CONTEXT = 'identity-provider.client-secret';

@Injectable()
export class IdentityProviderService {
  constructor(
    private readonly repo: IdentityProviderRepository,
    private readonly cipher: SecretsCipher,
    private readonly activity: ActivityService,
    private readonly config: AppConfig,
    private readonly domains: SsoDomainsService,
  ) {}

  /** Null when the company (in scope) has none yet: a settings page's ordinary first state. */
  async getForCompany(actor: Actor, companyId: string): Promise<IdentityProviderView | null> {
    const company = await this.repo.findCompany(actor.scope, companyId);
    if (!company) throw notFound('Company');
    return company.identityProvider ? this.view(company.identityProvider) : null;
  }

  /** Checks the domain's TXT record now; verified when it holds the provider's value. */
  async verifyDomain(
    actor: Actor,
    companyId: string,
    domain: string,
  ): Promise<IdentityProviderView> {
    const provider = await this.companyProvider(actor, companyId);
    await this.domains.verifyByDns(provider, domain.toLowerCase(), actor);
    return this.view(provider);
  }

  /** A super_admin vouches for the domain instead of DNS. */
  async approveDomain(
    actor: Actor,
    companyId: string,
    domain: string,
  ): Promise<IdentityProviderView> {
    const provider = await this.companyProvider(actor, companyId);
    await this.domains.approve(provider, domain.toLowerCase(), actor);
    return this.view(provider);
  }

  private async companyProvider(actor: Actor, companyId: string): Promise<IdentityProvider> {
    const company = await this.repo.findCompany(actor.scope, companyId);
    if (!company?.identityProvider) throw notFound('Identity provider');
    return company.identityProvider;
  }

  async putForCompany(
    actor: Actor,
    companyId: string,
    input: Input,
  ): Promise<IdentityProviderView> {
    const company = await this.repo.findCompany(actor.scope, companyId);
    if (!company) throw notFound('Company');
    return this.save(actor, companyId, company.identityProvider, input);
  }

  async deleteForCompany(actor: Actor, companyId: string): Promise<void> {
    const company = await this.repo.findCompany(actor.scope, companyId);
    if (!company?.identityProvider) throw notFound('Identity provider');
    await this.repo.delete(company.identityProvider.id);
    await this.audit(actor, 'identity_provider.delete', companyId, company.identityProvider.id);
  }

  async getPlatform(): Promise<IdentityProviderView | null> {
    const row = await this.repo.findPlatform();
    return row ? this.view(row) : null;
  }

  async putPlatform(actor: Actor, input: Input): Promise<IdentityProviderView> {
    return this.save(actor, null, await this.repo.findPlatform(), input);
  }

  decryptSecret(p: Pick<IdentityProvider, 'clientSecret'>): string {
    return this.cipher.decrypt(p.clientSecret, CLIENT_SECRET_CONTEXT);
  }

  private async save(
    actor: Actor,
    companyId: string | null,
    existing: IdentityProvider | null,
    input: Input,
  ): Promise<IdentityProviderView> {
    this.checkRoles(companyId, input);
    const issuerOverride =
      input.issuerOverride === undefined
        ? (existing?.issuerOverride ?? null)
        : input.issuerOverride;
    // The server fetches discovery documents from this URL: only the operator may point it elsewhere.
    if (
      issuerOverride !== (existing?.issuerOverride ?? null) &&
      actor.principal.role !== 'super_admin'
    ) {
      throw new AppError('FORBIDDEN', 'Only a platform administrator can change the issuer URL');
    }
    const allowedDomains = [...new Set(input.allowedDomains)];
    await this.domains.checkClaimable(existing?.id ?? null, companyId, allowedDomains);
    if (!existing && !input.clientSecret) {
      throw new AppError('VALIDATION_FAILED', 'A client secret is required', {
        issues: [{ path: ['clientSecret'], message: 'Required' }],
      });
    }
    const data = {
      tenantId: input.tenantId,
      clientId: input.clientId,
      allowedDomains,
      groupRoleMap: input.groupRoleMap,
      defaultRole: input.defaultRole,
      jitProvisioning: input.jitProvisioning,
      enabled: input.enabled,
      issuerOverride,
      ...(input.clientSecret
        ? { clientSecret: this.cipher.encrypt(input.clientSecret, CLIENT_SECRET_CONTEXT) }
        : {}),
    };
    const row = existing
      ? await this.repo.update(existing.id, data)
      : await this.repo.create(companyId, { ...data, clientSecret: data.clientSecret! });
    await this.domains.afterSave(row, actor);
    await this.audit(actor, 'identity_provider.update', companyId, row.id, {
      secretChanged: Boolean(input.clientSecret),
    });
    return this.view(row);
  }

  private checkRoles(companyId: string | null, input: Input): void {
    const allowed = rolesFor(companyId);
    const bad = (r: Role | null) => r !== null && !allowed.includes(r);
    const issues = [
      ...Object.entries(input.groupRoleMap)
        .filter(([, r]) => bad(r))
        .map(([g]) => ({
          path: ['groupRoleMap', g],
          message: `Allowed roles: ${allowed.join(', ')}`,
        })),
      ...(bad(input.defaultRole)
        ? [{ path: ['defaultRole'], message: `Allowed roles: ${allowed.join(', ')}` }]
        : []),
    ];
    if (issues.length > 0) {
      throw new AppError('VALIDATION_FAILED', 'This provider cannot grant that role', { issues });
    }
  }

  private async view(p: IdentityProvider): Promise<IdentityProviderView> {
    return toIdentityProviderView(p, this.config.publicUrl, await this.domains.views(p));
  }

  private audit(
    actor: Actor,
    action: string,
    companyId: string | null,
    id: string,
    details?: Record<string, unknown>,
  ) {
    return this.activity.record({
      action,
      companyId,
      actor: actor.principal,
      resourceType: 'identity_provider',
      resourceId: id,
      ip: actor.meta.ip,
      userAgent: actor.meta.userAgent,
      details,
    });
  }
}

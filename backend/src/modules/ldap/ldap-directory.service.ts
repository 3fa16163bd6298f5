import { Injectable } from '@nestjs/common';
import {
  narrowedPermissions,
  type LdapDirectoryView,
  type LdapTestResult,
  ldapDirectoryInputSchema,
} from '@multpanel/contracts';
import type { z } from 'zod';
import type { Actor } from '../../common/auth/actor';
import { ActivityService } from '../../common/audit/activity.service';
import { SecretsCipher } from '../../common/crypto/secrets-cipher';
import { AppError, notFound } from '../../common/errors/app-error';
import { internalAddressesOf } from '../../common/net/internal-address';
import type { LdapDirectory } from '../../generated/prisma/client';
import { storedPermissions } from '../roles/roles.mapper';
import { DomainProof } from '../sso/domain-proof';
import { domainsOf, mappingsOf, toLdapDirectoryView } from './ldap-directory.mapper';
import { LdapDirectoryRepository } from './ldap-directory.repository';
import { previewLdapUser, type LdapDirectoryConfig } from './ldap-directory';
import { ldapOutcome, ldapRolesFor } from './ldap-sign-in-rules';

type Input = z.output<typeof ldapDirectoryInputSchema>;
type Issue = { path: (string | number)[]; message: string };

export const BIND_PASSWORD_CONTEXT = 'ldap-directory.bind-password';
const PROOF_PURPOSE = 'ldap-domain-verification';

/** Settings of the platform's and the companies' LDAP directories, and their "test" button. */
@Injectable()
export class LdapDirectoryService {
  constructor(
    private readonly repo: LdapDirectoryRepository,
    private readonly cipher: SecretsCipher,
    private readonly activity: ActivityService,
    private readonly proof: DomainProof,
  ) {}

  /** The TXT record that proves `domain` for the company's directory, and whether it is proven. */
  async domainsForCompany(actor: Actor, companyId: string) {
    const d = await this.companyDirectory(actor, companyId);
    const verified = new Map((await this.repo.verifications(d.id)).map((v) => [v.domain, v]));
    return domainsOf(d).map((domain) => {
      const v = verified.get(domain);
      const txt = this.proof.txtRecord(PROOF_PURPOSE, d.id, domain);
      return {
        domain,
        status: v ? ('verified' as const) : ('pending' as const),
        method: v ? (v.method as 'dns' | 'approval') : null,
        verifiedAt: v ? v.verifiedAt.toISOString() : null,
        txtName: txt.name,
        txtValue: txt.value,
      };
    });
  }

  /** Checks the domain's TXT record now; sign-ins route to the directory once it holds the value. */
  async verifyDomain(actor: Actor, companyId: string, domain: string) {
    const d = await this.companyDirectory(actor, companyId);
    const name = this.claimed(d, domain);
    await this.proof.check(PROOF_PURPOSE, d.id, name);
    await this.recordVerification(actor, d, name, 'dns');
    return this.domainsForCompany(actor, companyId);
  }

  /** A super_admin vouches for the domain instead of DNS. */
  async approveDomain(actor: Actor, companyId: string, domain: string) {
    const d = await this.companyDirectory(actor, companyId);
    const name = this.claimed(d, domain);
    await this.recordVerification(actor, d, name, 'approval');
    return this.domainsForCompany(actor, companyId);
  }

  private async companyDirectory(actor: Actor, companyId: string): Promise<LdapDirectory> {
    const company = await this.repo.findCompany(actor.scope, companyId);
    if (!company?.ldapDirectory) throw notFound('LDAP directory');
    return company.ldapDirectory;
  }

  private claimed(d: LdapDirectory, domain: string): string {
    const name = domain.toLowerCase();
    if (!domainsOf(d).includes(name)) {
      throw new AppError('NOT_FOUND', `Domain ${name} is not one of this directory's domains`);
    }
    return name;
  }

  private async recordVerification(
    actor: Actor,
    d: LdapDirectory,
    domain: string,
    method: 'dns' | 'approval',
  ) {
    await this.checkDomains(d.id, d.companyId, [domain]);
    await this.repo.addVerification(d.id, domain, method, actor.principal.userId);
    await this.audit(actor, 'ldap_directory.domain_verify', d.companyId, d.id, { domain, method });
  }

  /** Null when the company (in scope) has none yet. */
  async getForCompany(actor: Actor, companyId: string): Promise<LdapDirectoryView | null> {
    const company = await this.repo.findCompany(actor.scope, companyId);
    if (!company) throw notFound('Company');
    return company.ldapDirectory ? toLdapDirectoryView(company.ldapDirectory) : null;
  }

  async putForCompany(actor: Actor, companyId: string, input: Input): Promise<LdapDirectoryView> {
    const company = await this.repo.findCompany(actor.scope, companyId);
    if (!company) throw notFound('Company');
    return this.save(actor, companyId, company.ldapDirectory, input);
  }

  async deleteForCompany(actor: Actor, companyId: string): Promise<void> {
    const company = await this.repo.findCompany(actor.scope, companyId);
    if (!company?.ldapDirectory) throw notFound('LDAP directory');
    await this.remove(actor, company.ldapDirectory);
  }

  async testForCompany(actor: Actor, companyId: string, email: string): Promise<LdapTestResult> {
    const company = await this.repo.findCompany(actor.scope, companyId);
    if (!company?.ldapDirectory) throw notFound('LDAP directory');
    return this.test(actor, company.ldapDirectory, email);
  }

  async getPlatform(): Promise<LdapDirectoryView | null> {
    const row = await this.repo.findPlatform();
    return row ? toLdapDirectoryView(row) : null;
  }

  async putPlatform(actor: Actor, input: Input): Promise<LdapDirectoryView> {
    return this.save(actor, null, await this.repo.findPlatform(), input);
  }

  async deletePlatform(actor: Actor): Promise<void> {
    const row = await this.repo.findPlatform();
    if (!row) throw notFound('LDAP directory');
    await this.remove(actor, row);
  }

  async testPlatform(actor: Actor, email: string): Promise<LdapTestResult> {
    const row = await this.repo.findPlatform();
    if (!row) throw notFound('LDAP directory');
    return this.test(actor, row, email);
  }

  /** The connection settings of a stored directory, with the bind password decrypted. */
  configOf(d: LdapDirectory): LdapDirectoryConfig {
    return {
      url: d.url,
      startTls: d.startTls,
      caPem: d.caPem,
      bindDn: d.bindDn,
      bindPassword: this.cipher.decrypt(d.bindPassword, BIND_PASSWORD_CONTEXT),
      searchBase: d.searchBase,
      userFilterTemplate: d.userFilter,
      groupMappings: mappingsOf(d),
    };
  }

  /** The service account's bind and search for a sample address: what that person would get. */
  private async test(actor: Actor, d: LdapDirectory, email: string): Promise<LdapTestResult> {
    const found = await previewLdapUser(this.configOf(d), email);
    await this.audit(actor, 'ldap_directory.test', d.companyId, d.id, { email });
    if (!found) return { outcome: 'not_found', entry: null, role: null, customRole: null };
    const customRole = found.customRoleId
      ? await this.repo.findCustomRole(d.companyId, found.customRoleId)
      : null;
    const role = found.customRoleId && !customRole ? null : found.role;
    const user = await this.repo.findUserByEmail(found.email.toLowerCase());
    return {
      outcome: ldapOutcome(d, role, user),
      entry: { dn: found.dn, email: found.email, name: found.name, groups: found.groups },
      role,
      customRole: customRole ? { id: customRole.id, name: customRole.name } : null,
    };
  }

  private async save(
    actor: Actor,
    companyId: string | null,
    existing: LdapDirectory | null,
    input: Input,
  ): Promise<LdapDirectoryView> {
    await this.checkMappings(actor, companyId, input);
    await this.checkUrl(actor, existing, input.url);
    const allowedDomains = [...new Set(input.allowedDomains)];
    await this.checkDomains(existing?.id ?? null, companyId, allowedDomains);
    if (!existing && !input.bindPassword) {
      throw new AppError('VALIDATION_FAILED', 'A bind password is required', {
        issues: [{ path: ['bindPassword'], message: 'Required' }],
      });
    }
    const data = {
      url: input.url,
      startTls: input.startTls,
      caPem: input.caPem,
      bindDn: input.bindDn,
      searchBase: input.searchBase,
      userFilter: input.userFilter,
      allowedDomains,
      groupMappings: input.groupMappings,
      jitProvisioning: input.jitProvisioning,
      enabled: input.enabled,
      ...(input.bindPassword
        ? { bindPassword: this.cipher.encrypt(input.bindPassword, BIND_PASSWORD_CONTEXT) }
        : {}),
    };
    const row = existing
      ? await this.repo.update(existing.id, data)
      : await this.repo.create(companyId, { ...data, bindPassword: data.bindPassword! });
    // Dropped domains lose their proof; a super_admin's save approves every listed domain.
    await this.repo.dropVerificationsExcept(row.id, allowedDomains);
    if (actor.principal.role === 'super_admin') {
      for (const domain of allowedDomains) {
        await this.repo.addVerification(row.id, domain, 'approval', actor.principal.userId);
      }
    }
    await this.audit(actor, 'ldap_directory.update', companyId, row.id, {
      passwordChanged: Boolean(input.bindPassword),
    });
    return toLdapDirectoryView(row);
  }

  /**
   * The server connects to this URL for every sign-in and test: only a platform administrator may
   * point it at a loopback, private or link-local address (the rule the SSO issuer URL follows).
   * A URL a platform administrator stored stays savable unchanged by the company's admins.
   */
  private async checkUrl(actor: Actor, existing: LdapDirectory | null, url: string) {
    if (actor.principal.role === 'super_admin' || url === existing?.url) return;
    let host: string;
    try {
      host = new URL(url).hostname;
    } catch {
      return; // the input schema already refused malformed URLs
    }
    const internal = await internalAddressesOf(host);
    if (internal.length > 0) {
      throw new AppError(
        'VALIDATION_FAILED',
        `Only a platform administrator can point a directory at an internal address (${internal.join(', ')})`,
        {
          issues: [
            {
              path: ['url'],
              message: 'Loopback, private and link-local addresses are not allowed',
            },
          ],
        },
      );
    }
  }

  /**
   * Each mapping's role must suit the directory (no staff roles from a company's), its custom role
   * must be platform-wide or the company's, and what it grants must be within the caller's own
   * permissions: nobody configures a directory that signs people in with more than they have.
   */
  private async checkMappings(actor: Actor, companyId: string | null, input: Input) {
    const allowed = ldapRolesFor(companyId);
    const own = new Set(actor.principal.permissions);
    const issues: Issue[] = [];
    for (const [i, m] of input.groupMappings.entries()) {
      if (!allowed.includes(m.role)) {
        issues.push({
          path: ['groupMappings', i, 'role'],
          message: `Allowed roles: ${allowed.join(', ')}`,
        });
        continue;
      }
      let narrowed: readonly string[] | null = null;
      if (m.customRoleId) {
        const role = await this.repo.findCustomRole(companyId, m.customRoleId);
        if (!role) {
          issues.push({ path: ['groupMappings', i, 'customRoleId'], message: 'No such role' });
          continue;
        }
        narrowed = storedPermissions(role.permissions);
      }
      const extra = narrowedPermissions(m.role, narrowed).filter((p) => !own.has(p));
      if (extra.length > 0) {
        issues.push({
          path: ['groupMappings', i],
          message: `Grants more than you have: ${extra.join(', ')}`,
        });
      }
    }
    if (issues.length > 0) {
      throw new AppError('VALIDATION_FAILED', 'This directory cannot grant that role', { issues });
    }
  }

  /**
   * A domain routes to one directory only, and not to a company's directory while accounts of
   * other companies (or staff) use it: a directory only ever signs in its own company's people.
   */
  private async checkDomains(selfId: string | null, companyId: string | null, domains: string[]) {
    const taken = new Set(
      (await this.repo.findAll()).filter((d) => d.id !== selfId).flatMap((d) => domainsOf(d)),
    );
    const clash = domains.filter((d) => taken.has(d));
    if (clash.length > 0) {
      throw new AppError('CONFLICT', `Another directory signs in ${clash.join(', ')}`, {
        domains: clash,
      });
    }
    const used = await this.repo.usedByOthers(companyId, domains);
    if (used.length > 0) {
      throw new AppError(
        'CONFLICT',
        `Accounts outside ${companyId ? 'this company' : 'the staff'} use ${used.join(', ')}`,
        { domains: used },
      );
    }
  }

  private async remove(actor: Actor, d: LdapDirectory) {
    await this.repo.delete(d.id);
    await this.audit(actor, 'ldap_directory.delete', d.companyId, d.id);
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
      resourceType: 'ldap_directory',
      resourceId: id,
      ip: actor.meta.ip,
      userAgent: actor.meta.userAgent,
      details,
    });
  }
}

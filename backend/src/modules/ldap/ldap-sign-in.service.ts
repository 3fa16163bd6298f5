import { Injectable } from '@nestjs/common';
import { AppError } from '../../common/errors/app-error';
import { domainsOf } from './ldap-directory.mapper';
import { LdapDirectoryRepository } from './ldap-directory.repository';
import { LdapDirectoryService } from './ldap-directory.service';
import { checkLdapPassword } from './ldap-directory';
import { ldapOutcome, routeFor } from './ldap-sign-in-rules';

/**
 * What a directory said about a password sign-in:
 * - `local`: no directory for this address (or it has no entry and the account has a password of
 *   its own): the ordinary password check decides;
 * - `bad_password`: the directory refused the password (counted like any wrong password);
 * - `refused`: right password, but the directory's groups or the account give no access;
 * - `ok`: the account (created or updated from the directory) to sign in.
 */
export type LdapSignInResult =
  | { kind: 'local' }
  | { kind: 'bad_password'; directoryId: string }
  | { kind: 'refused'; directoryId: string; reason: string; message: string }
  | { kind: 'ok'; directoryId: string; userId: string };

const MESSAGES: Record<string, string> = {
  no_role: 'Your directory groups give no access to this platform',
  not_provisioned:
    'Your directory account has no access to this platform yet; ask your administrator',
  other_company: 'This account belongs to another company',
  disabled: 'This account is disabled',
};

@Injectable()
export class LdapSignInService {
  constructor(
    private readonly repo: LdapDirectoryRepository,
    private readonly directories: LdapDirectoryService,
  ) {}

  /**
   * `user`: the account with this address, if any. Throws DEPENDENCY_UNAVAILABLE (503) when the
   * directory does not answer: a directory-routed account is never let in on a local password
   * then, and the failure is not counted against the person.
   */
  async signIn(
    email: string,
    password: string,
    user: {
      id: string;
      companyId: string | null;
      status: string;
      passwordHash: string | null;
    } | null,
  ): Promise<LdapSignInResult> {
    // Only domains proven by DNS or approved by a super_admin route (the SSO domain-claim rule).
    const all = await this.repo.findAllVerified();
    const dir = routeFor(
      all.map(({ verifiedDomains, ...d }) => {
        const proven = new Set(verifiedDomains.map((v) => v.domain));
        return { ...d, allowedDomains: domainsOf(d).filter((x) => proven.has(x)) };
      }),
      email,
      user,
    );
    if (!dir) return { kind: 'local' };
    let found;
    try {
      found = await checkLdapPassword(this.directories.configOf(dir), email, password);
    } catch (err) {
      if (err instanceof AppError && err.code === 'INVALID_CREDENTIALS') {
        return { kind: 'bad_password', directoryId: dir.id };
      }
      throw err;
    }
    // Not in the directory: a local account (e.g. a break-glass admin) still has its own password.
    if (!found) {
      return user?.passwordHash ? { kind: 'local' } : { kind: 'bad_password', directoryId: dir.id };
    }
    const customRole = found.customRoleId
      ? await this.repo.findCustomRole(dir.companyId, found.customRoleId)
      : null;
    const role = found.customRoleId && !customRole ? null : found.role;
    const outcome = ldapOutcome(dir, role, user);
    if (outcome === 'create') {
      const created = await this.repo.createUser({
        email,
        name: found.name.slice(0, 191),
        role: role!,
        customRoleId: customRole?.id ?? null,
        companyId: dir.companyId,
      });
      return { kind: 'ok', directoryId: dir.id, userId: created.id };
    }
    if (outcome === 'sign_in' && user) {
      await this.repo.updateOnLogin(user.id, role!, customRole?.id ?? null);
      return { kind: 'ok', directoryId: dir.id, userId: user.id };
    }
    return {
      kind: 'refused',
      directoryId: dir.id,
      reason: outcome,
      message: MESSAGES[outcome] ?? 'Sign-in refused',
    };
  }
}

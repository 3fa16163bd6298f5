import { timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ALL_PERMISSIONS, narrowedPermissions, type Permission } from '@multpanel/contracts';
import { AppError } from '../errors/app-error';
import { AccessTokenService } from './access-token.service';
import { hashApiKey, isApiKey, parseApiKey } from './api-key-format';
import { PrincipalRepository, type PrincipalUserRow } from './principal.repository';
import type { Principal, Scope } from './scope';

const unauthenticated = (msg = 'Authentication required') => new AppError('UNAUTHENTICATED', msg);

// Turns a bearer credential (JWT or API key) into a principal and its scope. Shared by HTTP and WS.
@Injectable()
export class PrincipalService {
  constructor(
    private readonly repo: PrincipalRepository,
    private readonly tokens: AccessTokenService,
  ) {}

  async resolve(token: string, ip: string | null): Promise<{ principal: Principal; scope: Scope }> {
    if (isApiKey(token)) return this.resolveApiKey(token, ip);
    const claims = await this.tokens.verify(token);
    const { user, revoked } = await this.repo.findUserForSession(claims.sub, claims.sid);
    if (revoked) throw unauthenticated('Session revoked');
    const base = this.activeUser(user);
    const principal: Principal = {
      ...base,
      permissions: narrowedPermissions(base.role, user?.customPermissions),
      via: 'jwt',
      sessionFamilyId: claims.sid,
    };
    return { principal, scope: await this.scopeFor(principal) };
  }

  private async resolveApiKey(token: string, ip: string | null) {
    const parsed = parseApiKey(token);
    if (!parsed) throw unauthenticated('API key is malformed');
    const row = await this.repo.findApiKeyByPrefix(parsed.prefix);
    const expected = Buffer.from(row?.keyHash ?? '0'.repeat(64), 'hex');
    const given = Buffer.from(hashApiKey(token), 'hex');
    if (!row || !timingSafeEqual(expected, given)) throw unauthenticated('API key is invalid');
    if (row.revokedAt) throw unauthenticated('API key was revoked');
    if (row.expiresAt && row.expiresAt.getTime() <= Date.now()) {
      throw unauthenticated('API key has expired');
    }
    const owner = await this.repo.findUser(row.userId);
    const base = this.activeUser(owner);
    // A key never exceeds what its owner holds today, even after a role change.
    const held = new Set(narrowedPermissions(base.role, owner?.customPermissions));
    const keyPerms = (Array.isArray(row.permissions) ? row.permissions : []) as string[];
    const permissions = keyPerms.filter(
      (p): p is Permission =>
        ALL_PERMISSIONS.includes(p as Permission) && held.has(p as Permission),
    );
    if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
      await this.repo.touchApiKey(row.id, ip);
    }
    const principal: Principal = { ...base, permissions, via: 'api_key', apiKeyId: row.id };
    return { principal, scope: await this.scopeFor(principal) };
  }

  /**
   * A user acting through a channel verified elsewhere (a reply mail whose signed token names the
   * sender): what the user holds today, refused like a sign-in when inactive or suspended.
   */
  async forVerifiedMail(userId: string): Promise<{ principal: Principal; scope: Scope }> {
    const user = await this.repo.findUser(userId);
    const base = this.activeUser(user);
    const principal: Principal = {
      ...base,
      permissions: narrowedPermissions(base.role, user?.customPermissions),
      via: 'email',
    };
    return { principal, scope: await this.scopeFor(principal) };
  }

  /** What the user holds now: the built-in role's permissions, narrowed by a custom role. */
  async permissionsOf(userId: string, role: Principal['role']): Promise<Permission[]> {
    return narrowedPermissions(role, (await this.repo.findUser(userId))?.customPermissions);
  }

  private activeUser(user: PrincipalUserRow | null) {
    if (!user || user.status !== 'active') throw unauthenticated('Account is not active');
    if (user.company && user.company.status !== 'active') {
      throw unauthenticated('Company is suspended');
    }
    return {
      userId: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      companyId: user.companyId,
      companyName: user.company?.name ?? null,
    };
  }

  async scopeFor(p: Pick<Principal, 'role' | 'userId' | 'companyId'>): Promise<Scope> {
    switch (p.role) {
      case 'super_admin':
        return { kind: 'all' };
      case 'salesperson':
        return { kind: 'companies', companyIds: await this.repo.assignedCompanyIds(p.userId) };
      case 'company_admin':
        return { kind: 'companies', companyIds: p.companyId ? [p.companyId] : [] };
      case 'user':
        return {
          kind: 'vm_grants',
          companyIds: p.companyId ? [p.companyId] : [],
          userId: p.userId,
        };
    }
  }
}

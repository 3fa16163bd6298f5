import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  grantableRolesFor,
  type CreateUserInput,
  type InviteUserInput,
  type Paged,
  type Role,
  type SessionView,
  type UpdateUserInput,
  type UserListQuery,
  type UserView,
} from '@multpanel/contracts';
import { AccessService } from '../../common/access/access.service';
import type { Actor } from '../../common/auth/actor';
import type { Scope } from '../../common/auth/scope';
import { AccessRevocations } from '../../common/auth/access-revocations';
import { ActivityService } from '../../common/audit/activity.service';
import { hashPassword } from '../../common/crypto/password';
import { AppError, notFound } from '../../common/errors/app-error';
import { toUserView } from './users.mapper';
import { UsersRepository, type UserRow } from './users.repository';

const STAFF_ROLES: readonly Role[] = ['super_admin', 'salesperson'];
export const INVITE_TTL_MS = 7 * 24 * 3600 * 1000;

@Injectable()
export class UsersService {
  constructor(
    private readonly repo: UsersRepository,
    private readonly access: AccessService,
    private readonly activity: ActivityService,
    private readonly revocations: AccessRevocations,
  ) {}

  async list(scope: Scope, q: UserListQuery): Promise<Paged<UserView>> {
    const { rows, total } = await this.repo.list(scope, q);
    return { items: rows.map(toUserView), total, page: q.page, pageSize: q.pageSize };
  }

  async get(scope: Scope, id: string): Promise<UserView> {
    return toUserView(await this.visible(scope, id));
  }

  async create(actor: Actor, input: CreateUserInput): Promise<UserView> {
    return (await this.createRow(actor, input)).user;
  }

  /**
   * Creates an invited user and a set-password token (returned to the caller for delivery). For a
   * placeholder (the address is held outside the caller's scope) there is no token: the holder is
   * told instead (`notifyHolder`), and the caller's answer is the same as for a free address.
   */
  async invite(
    actor: Actor,
    input: InviteUserInput,
  ): Promise<{ user: UserView; token: string | null; notifyHolder: UserView | null }> {
    const { user, held } = await this.createRow(actor, input);
    if (held) {
      const holder = await this.repo.findByEmail(input.email);
      return { user, token: null, notifyHolder: holder ? toUserView(holder) : null };
    }
    const token = randomBytes(32).toString('base64url');
    await this.repo.createToken({
      userId: user.id,
      kind: 'invite',
      tokenHash: createHash('sha256').update(token).digest('hex'),
      expiresAt: new Date(Date.now() + INVITE_TTL_MS),
    });
    return { user, token, notifyHolder: null };
  }

  private async createRow(
    actor: Actor,
    input: CreateUserInput,
  ): Promise<{ user: UserView; held: boolean }> {
    await this.checkPlacement(actor, input.role, input.companyId);
    const held = (await this.checkEmailUsable(actor, input.email)) === 'held-elsewhere';
    const row = await this.repo.create({
      // A placeholder keeps the entered address aside and a stand-in that matches no sign-in.
      email: held ? `held-${randomBytes(12).toString('hex')}@placeholder.invalid` : input.email,
      heldEmail: held ? input.email : null,
      name: input.name,
      role: input.role,
      companyId: input.companyId,
      status: input.password ? 'active' : 'invited',
      passwordHash: input.password ? await hashPassword(input.password) : null,
      passwordChangedAt: input.password ? new Date() : null,
    });
    await this.audit(actor, 'user.create', row, { role: row.role, ...(held ? { held } : {}) });
    return { user: toUserView(row), held };
  }

  async update(actor: Actor, id: string, input: UpdateUserInput): Promise<UserView> {
    const target = await this.visible(actor.scope, id);
    this.checkCanManage(actor, target);
    if (input.role && input.role !== target.role) {
      if (target.id === actor.principal.userId) {
        throw new AppError('FORBIDDEN', 'You cannot change your own role');
      }
      await this.checkPlacement(actor, input.role, target.companyId);
    }
    // An address held outside the caller's scope is kept aside like a placeholder's: the account
    // goes on signing in with its previous address, and the caller learns nothing of the holder.
    const email = input.email
      ? (await this.checkEmailUsable(actor, input.email, id)) === 'held-elsewhere'
        ? { email: undefined, heldEmail: input.email }
        : { email: input.email, heldEmail: null }
      : {};
    const row = await this.repo.update(actor.scope, id, { ...input, ...email });
    if (!row) throw notFound('User');
    if (input.role && input.role !== target.role) {
      // Role changes take effect at once: existing sessions carry the old role's expectations.
      await this.repo.revokeAllSessions(id, 'role_changed');
      await this.revocations.publish({ userId: id });
    }
    await this.audit(actor, 'user.update', row, { fields: Object.keys(input) });
    return toUserView(row);
  }

  async setEnabled(actor: Actor, id: string, enabled: boolean): Promise<UserView> {
    const target = await this.visible(actor.scope, id);
    this.checkCanManage(actor, target);
    if (target.id === actor.principal.userId) {
      throw new AppError('FORBIDDEN', 'You cannot disable yourself');
    }
    const status = enabled ? (target.passwordHash ? 'active' : 'invited') : 'disabled';
    const row = await this.repo.update(actor.scope, id, { status });
    if (!row) throw notFound('User');
    if (!enabled) {
      await this.repo.revokeAllSessions(id, 'user_disabled');
      await this.revocations.publish({ userId: id });
    }
    await this.audit(actor, enabled ? 'user.enable' : 'user.disable', row);
    return toUserView(row);
  }

  async remove(actor: Actor, id: string): Promise<void> {
    const target = await this.visible(actor.scope, id);
    this.checkCanManage(actor, target);
    if (target.id === actor.principal.userId) {
      throw new AppError('FORBIDDEN', 'You cannot delete yourself');
    }
    if (!(await this.repo.delete(actor.scope, id))) throw notFound('User');
    await this.revocations.publish({ userId: id });
    await this.audit(actor, 'user.delete', target, { email: target.heldEmail ?? target.email });
  }

  async sessions(actor: Actor, id: string): Promise<SessionView[]> {
    const target = await this.visible(actor.scope, id);
    this.checkCanManage(actor, target);
    return (await this.repo.activeSessions(id)).map((s) => ({
      id: s.familyId,
      ip: s.ip,
      userAgent: s.userAgent,
      createdAt: s.createdAt.toISOString(),
      lastUsedAt: (s.lastUsedAt ?? s.createdAt).toISOString(),
      current: s.familyId === actor.principal.sessionFamilyId,
    }));
  }

  /** Signs the user out everywhere (e.g. a lost laptop). */
  async revokeSessions(actor: Actor, id: string): Promise<void> {
    const target = await this.visible(actor.scope, id);
    this.checkCanManage(actor, target);
    await this.repo.revokeAllSessions(id, 'revoked_by_admin');
    await this.revocations.publish({ userId: id });
    await this.audit(actor, 'user.sessions_revoke', target);
  }

  private async visible(scope: Scope, id: string): Promise<UserRow> {
    const row = await this.repo.find(scope, id);
    if (!row) throw notFound('User');
    return row;
  }

  /**
   * Addresses are unique on the whole platform, but a caller limited to some companies must not
   * learn which accounts exist outside them (issue 14). An address at the staff's own domain is
   * refused by domain, whether an account exists or not. An address held by an account outside the
   * caller's scope is answered as a free one would be: the caller gets a placeholder row that cannot
   * sign in ('held-elsewhere'), and an invitation goes to the holder as a notice instead of a link.
   * A clash the caller can see is named as such.
   */
  private async checkEmailUsable(
    actor: Actor,
    email: string,
    exceptId?: string,
  ): Promise<'free' | 'held-elsewhere'> {
    const holder = await this.repo.emailHolder(actor.scope, email, exceptId);
    const restricted = actor.scope.kind !== 'all';
    if (holder && (!restricted || holder.inScope)) {
      throw new AppError('CONFLICT', 'A user with this email already exists');
    }
    if (!restricted) return 'free';
    const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
    if (await this.repo.staffOnlyDomain(domain)) {
      throw new AppError(
        'CONFLICT',
        `Addresses at ${domain} are reserved for the platform staff; ask your provider`,
      );
    }
    return holder ? 'held-elsewhere' : 'free';
  }

  // Nobody grants (or manages someone holding) more than they hold themselves.
  private checkCanManage(actor: Actor, target: UserRow): void {
    if (!grantableRolesFor(actor.principal.permissions).includes(target.role)) {
      throw new AppError('FORBIDDEN', `You cannot manage a ${target.role}`);
    }
  }

  private async checkPlacement(actor: Actor, role: Role, companyId: string | null): Promise<void> {
    const staff = STAFF_ROLES.includes(role);
    // MSP staff accounts are the platform owner's business, even when the role would fit.
    const grantable = grantableRolesFor(actor.principal.permissions).includes(role);
    if (!grantable || (staff && actor.principal.role !== 'super_admin')) {
      throw new AppError('FORBIDDEN', `You cannot grant the role ${role}`);
    }
    if (staff && companyId !== null) {
      throw new AppError('VALIDATION_FAILED', `A ${role} belongs to no company`, [
        { path: 'companyId', message: 'must be null for MSP staff', code: 'custom' },
      ]);
    }
    if (!staff) {
      if (!companyId) {
        throw new AppError('VALIDATION_FAILED', `A ${role} needs a company`, [
          { path: 'companyId', message: 'Required', code: 'custom' },
        ]);
      }
      await this.access.requireCompany(actor, companyId);
    }
  }

  private audit(actor: Actor, action: string, user: UserRow, details?: Record<string, unknown>) {
    return this.activity.record({
      action,
      companyId: user.companyId,
      actor: actor.principal,
      resourceType: 'user',
      resourceId: user.id,
      ip: actor.meta.ip,
      userAgent: actor.meta.userAgent,
      details,
    });
  }
}

import { Injectable } from '@nestjs/common';
import type {
  ApiKeyView,
  CreateApiKeyInput,
  CreatedApiKeyView,
  Permission,
} from '@multpanel/contracts';
import type { Actor } from '../../common/auth/actor';
import { generateApiKey } from '../../common/auth/api-key-format';
import { AccessRevocations } from '../../common/auth/access-revocations';
import { ActivityService } from '../../common/audit/activity.service';
import { AppError, notFound } from '../../common/errors/app-error';
import type { ApiKey } from '../../generated/prisma/client';
import { ApiKeysRepository } from './api-keys.repository';

function toView(k: ApiKey): ApiKeyView {
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    permissions: (Array.isArray(k.permissions) ? k.permissions : []) as Permission[],
    expiresAt: k.expiresAt?.toISOString() ?? null,
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    lastUsedIp: k.lastUsedIp,
    revokedAt: k.revokedAt?.toISOString() ?? null,
    createdAt: k.createdAt.toISOString(),
  };
}

@Injectable()
export class ApiKeysService {
  constructor(
    private readonly repo: ApiKeysRepository,
    private readonly activity: ActivityService,
    private readonly revocations: AccessRevocations,
  ) {}

  async list(actor: Actor): Promise<ApiKeyView[]> {
    return (await this.repo.listForUser(actor.principal.userId)).map(toView);
  }

  async create(actor: Actor, input: CreateApiKeyInput): Promise<CreatedApiKeyView> {
    // A key is a subset of what its creator holds; an API key cannot mint further keys beyond itself.
    const held = new Set(actor.principal.permissions);
    const extra = input.permissions.filter((p) => !held.has(p));
    if (extra.length) {
      throw new AppError('FORBIDDEN', `You do not hold: ${extra.join(', ')}`);
    }
    if (input.expiresAt && Date.parse(input.expiresAt) <= Date.now()) {
      throw new AppError('VALIDATION_FAILED', 'expiresAt must be in the future', [
        { path: 'expiresAt', message: 'must be in the future', code: 'custom' },
      ]);
    }
    const { key, prefix, hash } = generateApiKey();
    const row = await this.repo.create({
      userId: actor.principal.userId,
      companyId: actor.principal.companyId,
      name: input.name,
      prefix,
      keyHash: hash,
      permissions: [...new Set(input.permissions)],
      expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
    });
    await this.audit(actor, 'api_key.create', row.id, { name: row.name });
    return { ...toView(row), key };
  }

  /**
   * A key for a device sign-in the owner approved in the browser (device-login.service): the
   * permissions the owner held at approval, no expiry; revocable like any other key.
   */
  async issueForDevice(
    owner: {
      actor: Pick<Actor['principal'], 'userId' | 'email' | 'via'>;
      companyId: string | null;
      permissions: Permission[];
    },
    name: string,
    meta: Actor['meta'],
  ): Promise<CreatedApiKeyView> {
    const { key, prefix, hash } = generateApiKey();
    const row = await this.repo.create({
      userId: owner.actor.userId,
      companyId: owner.companyId,
      name: name.slice(0, 191),
      prefix,
      keyHash: hash,
      permissions: [...new Set(owner.permissions)],
      expiresAt: null,
    });
    await this.activity.record({
      action: 'api_key.create',
      companyId: owner.companyId,
      actor: owner.actor,
      resourceType: 'api_key',
      resourceId: row.id,
      ip: meta.ip,
      userAgent: meta.userAgent,
      details: { name: row.name, via: 'device_login' },
    });
    return { ...toView(row), key };
  }

  async revoke(actor: Actor, id: string): Promise<void> {
    if (!(await this.repo.revoke(actor.principal.userId, id))) throw notFound('API key');
    await this.revocations.publish({ apiKeyId: id });
    await this.audit(actor, 'api_key.revoke', id);
  }

  private audit(actor: Actor, action: string, id: string, details?: Record<string, unknown>) {
    return this.activity.record({
      action,
      companyId: actor.principal.companyId,
      actor: actor.principal,
      resourceType: 'api_key',
      resourceId: id,
      ip: actor.meta.ip,
      userAgent: actor.meta.userAgent,
      details,
    });
  }
}

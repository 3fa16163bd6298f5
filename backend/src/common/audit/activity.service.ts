import { Injectable, Logger } from '@nestjs/common';
import type { Prisma } from '../../generated/prisma/client';
import type { Principal } from '../auth/scope';
import { requestContext } from '../logging/request-context';
import { ActivityRepository } from './activity.repository';

export interface ActivityEntry {
  action: string;
  result?: 'success' | 'failure';
  companyId?: string | null;
  actor?: Pick<Principal, 'userId' | 'email' | 'via'> | null;
  // For events before a principal exists (failed login): the email that was tried.
  actorEmail?: string | null;
  resourceType?: string;
  resourceId?: string;
  ip?: string | null;
  userAgent?: string | null;
  details?: Record<string, unknown>;
}

// Records who did what; failures to write are logged, never thrown at the caller's action.
@Injectable()
export class ActivityService {
  private readonly logger = new Logger('Activity');

  constructor(private readonly repo: ActivityRepository) {}

  async record(e: ActivityEntry): Promise<void> {
    try {
      await this.repo.insert({
        action: e.action,
        result: e.result ?? 'success',
        companyId: e.companyId ?? null,
        actorUserId: e.actor?.userId ?? null,
        actorEmail: e.actor?.email ?? e.actorEmail ?? null,
        actorType: e.actor
          ? e.actor.via === 'api_key'
            ? 'api_key'
            : 'user'
          : e.actorEmail
            ? 'user'
            : 'system',
        resourceType: e.resourceType ?? null,
        resourceId: e.resourceId ?? null,
        ip: e.ip ?? null,
        userAgent: e.userAgent?.slice(0, 512) ?? null,
        requestId: requestContext.requestId(),
        details: (e.details ?? undefined) as Prisma.InputJsonValue | undefined,
      });
    } catch (err) {
      this.logger.error({ err, action: e.action }, 'could not write activity log');
    }
  }
}

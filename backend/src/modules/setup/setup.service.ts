import { Injectable } from '@nestjs/common';
import type { SetupInput } from '@multpanel/contracts';
import { ActivityService } from '../../common/audit/activity.service';
import { hashPassword } from '../../common/crypto/password';
import { AppError } from '../../common/errors/app-error';
import type { RequestMeta } from '../../common/http/request-meta';
import { SetupRepository } from './setup.repository';

@Injectable()
export class SetupService {
  constructor(
    private readonly repo: SetupRepository,
    private readonly activity: ActivityService,
  ) {}

  async status(): Promise<{ needsSetup: boolean }> {
    return { needsSetup: !(await this.repo.hasAnyUser()) };
  }

  async setup(input: SetupInput, meta: RequestMeta): Promise<{ id: string; email: string }> {
    if (await this.repo.hasAnyUser()) {
      throw new AppError('CONFLICT', 'Setup is already complete');
    }
    const user = await this.repo.createFirstAdmin({
      email: input.email,
      name: input.name,
      passwordHash: await hashPassword(input.password),
    });
    if (!user) throw new AppError('CONFLICT', 'Setup is already complete');
    await this.activity.record({
      action: 'setup.create_admin',
      actor: { userId: user.id, email: user.email, via: 'jwt' },
      resourceType: 'user',
      resourceId: user.id,
      ip: meta.ip,
      userAgent: meta.userAgent,
    });
    return { id: user.id, email: user.email };
  }
}

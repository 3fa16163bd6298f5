import { Injectable } from '@nestjs/common';
import { endSessionsWithout2fa } from '../../common/auth/sessions-without-2fa';
import { PrismaService } from '../../common/prisma/prisma.service';
import type { Prisma } from '../../generated/prisma/client';

@Injectable()
export class PlatformSettingsRepository {
  constructor(private readonly prisma: PrismaService) {}

  async get(key: string): Promise<unknown> {
    return (await this.prisma.platformSetting.findUnique({ where: { key } }))?.value ?? null;
  }

  async set(key: string, value: Prisma.InputJsonValue): Promise<void> {
    await this.prisma.platformSetting.upsert({
      where: { key },
      create: { key, value },
      update: { value },
    });
  }

  /** MSP staff without a second factor sign in again (and enrol) once it is required. */
  endStaffSessionsWithout2fa(keepFamilyId?: string): Promise<number> {
    return endSessionsWithout2fa(
      this.prisma,
      { role: { in: ['super_admin', 'salesperson'] } },
      keepFamilyId,
    );
  }
}

import { Injectable } from '@nestjs/common';
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
}

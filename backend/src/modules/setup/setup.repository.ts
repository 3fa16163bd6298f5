import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../common/prisma/prisma.service';

@Injectable()
export class SetupRepository {
  constructor(private readonly prisma: PrismaService) {}

  async hasAnyUser(): Promise<boolean> {
    return (await this.prisma.user.findFirst({ select: { id: true } })) !== null;
  }

  /** Creates the first super_admin, or returns null when a user exists (race-safe). */
  createFirstAdmin(data: { email: string; name: string; passwordHash: string }) {
    return this.prisma.$transaction(async (tx) => {
      // A named lock serialises concurrent first-run requests across API processes.
      const [{ got }] = await tx.$queryRaw<{ got: number | bigint | null }[]>`
        SELECT GET_LOCK('multpanel_setup', 5) AS got`;
      if (Number(got) !== 1) return null;
      try {
        if (await tx.user.findFirst({ select: { id: true } })) return null;
        return await tx.user.create({
          data: { ...data, role: 'super_admin', passwordChangedAt: new Date() },
        });
      } finally {
        await tx.$queryRaw`SELECT RELEASE_LOCK('multpanel_setup')`;
      }
    });
  }
}

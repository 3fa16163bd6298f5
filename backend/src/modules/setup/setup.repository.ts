import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../common/prisma/prisma.service';
import { Prisma } from '../../generated/prisma/client';

@Injectable()
export class SetupRepository {
  constructor(private readonly prisma: PrismaService) {}

  async hasAnyUser(): Promise<boolean> {
    return (await this.prisma.user.findFirst({ select: { id: true } })) !== null;
  }

  /** Creates the first super_admin, or returns null when a user exists (race-safe). */
  async createFirstAdmin(data: { email: string; name: string; passwordHash: string }) {
    for (let attempt = 1; ; attempt++) {
      try {
        // Serializable turns the emptiness check into a shared lock on the table: of concurrent
        // first-run requests one commits; the others deadlock, retry, and then see its user.
        return await this.prisma.$transaction(
          async (tx) => {
            if (await tx.user.findFirst({ select: { id: true } })) return null;
            return tx.user.create({
              data: { ...data, role: 'super_admin', passwordChangedAt: new Date() },
            });
          },
          { isolationLevel: Prisma.TransactionIsolationLevel.Serializable },
        );
      } catch (err) {
        if (attempt >= 5) throw err;
        await new Promise((r) => setTimeout(r, 50 * attempt));
      }
    }
  }
}

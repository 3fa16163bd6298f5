import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../common/prisma/prisma.service';
import type { Prisma } from '../../generated/prisma/client';

// Passkeys are always read through their owner: a foreign id looks exactly like a missing one.
@Injectable()
export class PasskeyRepository {
  constructor(private readonly prisma: PrismaService) {}

  listFor(userId: string) {
    return this.prisma.passkey.findMany({ where: { userId }, orderBy: { createdAt: 'asc' } });
  }

  countFor(userId: string) {
    return this.prisma.passkey.count({ where: { userId } });
  }

  findByCredentialId(credentialId: string) {
    return this.prisma.passkey.findUnique({ where: { credentialId } });
  }

  create(data: {
    userId: string;
    credentialId: string;
    publicKey: string;
    counter: number;
    transports: string[];
    name: string;
  }) {
    return this.prisma.passkey.create({
      data: { ...data, counter: BigInt(data.counter), transports: data.transports },
    });
  }

  /** Renames the caller's own passkey; null when it is not theirs. */
  async rename(userId: string, id: string, name: string) {
    const { count } = await this.prisma.passkey.updateMany({
      where: { id, userId },
      data: { name },
    });
    return count ? this.prisma.passkey.findUnique({ where: { id } }) : null;
  }

  async remove(userId: string, id: string): Promise<boolean> {
    const { count } = await this.prisma.passkey.deleteMany({ where: { id, userId } });
    return count > 0;
  }

  /**
   * Stores the new signature counter only if nobody used the passkey meanwhile (compare-and-set),
   * so two assertions racing with the same counter cannot both sign in.
   */
  async advanceCounter(id: string, from: bigint, to: number): Promise<boolean> {
    const where: Prisma.PasskeyWhereInput = { id, counter: from };
    const { count } = await this.prisma.passkey.updateMany({
      where,
      data: { counter: BigInt(to), lastUsedAt: new Date() },
    });
    return count > 0;
  }
}

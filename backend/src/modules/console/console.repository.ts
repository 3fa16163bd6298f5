import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../common/prisma/prisma.service';

@Injectable()
export class ConsoleRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** The user, if still allowed to sign in (active, and in an active company or none). */
  async activeUser(userId: string): Promise<{ id: string; email: string } | null> {
    const user = await this.prisma.user.findFirst({
      where: { id: userId, status: 'active' },
      select: { id: true, email: true, company: { select: { status: true } } },
    });
    if (!user || (user.company && user.company.status !== 'active')) return null;
    return { id: user.id, email: user.email };
  }
}

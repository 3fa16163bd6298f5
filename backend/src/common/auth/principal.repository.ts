import { Injectable } from '@nestjs/common';
import { PrismaService } from '../prisma/prisma.service';
import { SqlReader } from '../prisma/sql-reader.service';

export interface PrincipalUserRow {
  id: string;
  email: string;
  name: string;
  role: 'super_admin' | 'salesperson' | 'company_admin' | 'user';
  status: 'active' | 'invited' | 'disabled';
  companyId: string | null;
  company: { id: string; name: string; status: 'active' | 'suspended' } | null;
  /** The assigned custom role's permission names; null: the built-in role's set. */
  customPermissions: string[] | null;
}

interface UserSqlRow extends Omit<PrincipalUserRow, 'company' | 'customPermissions'> {
  customPermissions: unknown;
  companyName: string | null;
  companyStatus: 'active' | 'suspended' | null;
  familyRevoked?: number | bigint;
}

// A revoked family is one with any revocation other than normal rotation (logout, reuse, admin).
const FAMILY_REVOKED = `EXISTS (SELECT 1 FROM RefreshSession s WHERE s.familyId = ? AND s.revokedAt IS NOT NULL
  AND (s.revokedReason IS NULL OR s.revokedReason <> 'rotated'))`;
const USER_COLUMNS = `u.id, u.email, u.name, u.role, u.status, u.companyId,
  c.name AS companyName, c.status AS companyStatus, r.permissions AS customPermissions`;
const USER_FROM = `User u LEFT JOIN Company c ON c.id = u.companyId
  LEFT JOIN CustomRole r ON r.id = u.customRoleId`;

/** A JSON column as the driver hands it over (text or parsed); anything but a list: no names. */
function permissionNames(value: unknown): string[] | null {
  if (value === null || value === undefined) return null;
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  return Array.isArray(parsed) ? parsed.filter((p): p is string => typeof p === 'string') : [];
}

function toUser(row: UserSqlRow | undefined): PrincipalUserRow | null {
  if (!row) return null;
  const { companyName, companyStatus, familyRevoked: _revoked, customPermissions, ...user } = row;
  return {
    ...user,
    customPermissions: permissionNames(customPermissions),
    company:
      row.companyId && companyStatus
        ? { id: row.companyId, name: companyName ?? '', status: companyStatus }
        : null,
  };
}

// The identity rows the guard needs on every request, looked up by their own keys. The per-request
// reads go through SqlReader (one prepared statement each); the rare writes stay on Prisma.
@Injectable()
export class PrincipalRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly sql: SqlReader,
  ) {}

  async findUser(userId: string): Promise<PrincipalUserRow | null> {
    const [row] = await this.sql.rows<UserSqlRow>(
      `SELECT ${USER_COLUMNS} FROM ${USER_FROM} WHERE u.id = ?`,
      [userId],
    );
    return toUser(row);
  }

  /** The token's user and whether its session family was revoked, in one round trip. */
  async findUserForSession(
    userId: string,
    familyId: string,
  ): Promise<{ user: PrincipalUserRow | null; revoked: boolean }> {
    const [row] = await this.sql.rows<UserSqlRow & { familyRevoked: number | bigint }>(
      `SELECT ${USER_COLUMNS}, ${FAMILY_REVOKED} AS familyRevoked
       FROM ${USER_FROM} WHERE u.id = ?`,
      [familyId, userId],
    );
    if (!row) return { user: null, revoked: await this.isSessionFamilyRevoked(familyId) };
    return { user: toUser(row), revoked: Number(row.familyRevoked) === 1 };
  }

  async assignedCompanyIds(userId: string): Promise<string[]> {
    const rows = await this.sql.rows<{ companyId: string }>(
      'SELECT companyId FROM SalespersonAssignment WHERE userId = ?',
      [userId],
    );
    return rows.map((r) => r.companyId);
  }

  findApiKeyByPrefix(prefix: string) {
    return this.prisma.apiKey.findUnique({ where: { prefix } });
  }

  touchApiKey(id: string, ip: string | null) {
    return this.prisma.apiKey.update({
      where: { id },
      data: { lastUsedAt: new Date(), lastUsedIp: ip },
    });
  }

  async isSessionFamilyRevoked(familyId: string): Promise<boolean> {
    const [row] = await this.sql.rows<{ revoked: number | bigint }>(
      `SELECT ${FAMILY_REVOKED} AS revoked`,
      [familyId],
    );
    return Number(row?.revoked) === 1;
  }
}

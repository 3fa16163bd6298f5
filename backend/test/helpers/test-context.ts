import { randomUUID } from 'node:crypto';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import type { Role } from '@multpanel/contracts';
import request from 'supertest';
import { hashPassword } from '../../src/common/crypto/password';
import { PrismaService } from '../../src/common/prisma/prisma.service';
import { RedisService } from '../../src/common/redis/redis.service';
import { AppConfig } from '../../src/config/app-config';
import type { Company, User } from '../../src/generated/prisma/client';
import { createApiApp } from '../../src/http/create-api-app';
import { TEST_DB_ENV, TEST_PREFIX_ENV } from './test-env';

export const TEST_PASSWORD = 'correct-horse-battery';
let passwordHash: Promise<string> | undefined;

export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  const db = process.env[TEST_DB_ENV];
  const prefix = process.env[TEST_PREFIX_ENV];
  if (!db || !prefix) throw new Error('integration globalSetup did not run');
  return AppConfig.fromProcess({
    NODE_ENV: 'test',
    // Errors only: an unexpected 500's stack (logged with its errorId) then sits next to the failing test.
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
    DATABASE_URL: db,
    REDIS_PREFIX: prefix,
    FRONTEND_DIST: '/nonexistent-frontend-dist',
    TRUST_PROXY: '0',
    ...overrides,
  });
}

export interface LoggedIn {
  accessToken: string;
  refreshCookie: string;
  auth: { Authorization: string };
}

export class TestContext {
  private seq = 0;

  private constructor(
    readonly app: INestApplication,
    readonly config: AppConfig,
  ) {}

  static async create(
    opts: { env?: Record<string, string>; modules?: DynamicModule['imports'] } = {},
  ): Promise<TestContext> {
    const config = testConfig(opts.env);
    const app = await createApiApp(config, { extraModules: opts.modules });
    await app.listen(0, '127.0.0.1');
    return new TestContext(app, config);
  }

  get http() {
    return request(this.app.getHttpServer());
  }

  get prisma(): PrismaService {
    return this.app.get(PrismaService);
  }

  get redis(): RedisService {
    return this.app.get(RedisService);
  }

  get baseUrl(): string {
    const addr = this.app.getHttpServer().address() as { port: number };
    return `http://127.0.0.1:${addr.port}`;
  }

  unique(label: string): string {
    return `${label}-${process.pid}-${++this.seq}-${randomUUID().slice(0, 8)}`;
  }

  async newCompany(data: Partial<Company> = {}): Promise<Company> {
    const slug = this.unique('co').toLowerCase();
    return this.prisma.company.create({
      data: { name: `Company ${slug}`, slug, ...data } as Company,
    });
  }

  async newUser(
    opts: { role?: Role; companyId?: string | null; email?: string; status?: User['status'] } = {},
  ): Promise<User> {
    const role = opts.role ?? 'user';
    const needsCompany = role === 'company_admin' || role === 'user';
    const companyId =
      opts.companyId !== undefined
        ? opts.companyId
        : needsCompany
          ? (await this.newCompany()).id
          : null;
    passwordHash ??= hashPassword(TEST_PASSWORD);
    return this.prisma.user.create({
      data: {
        email: opts.email ?? `${this.unique(role)}@test.local`.toLowerCase(),
        name: `Test ${role}`,
        role,
        companyId,
        status: opts.status ?? 'active',
        passwordHash: await passwordHash,
      },
    });
  }

  async assignSales(userId: string, companyId: string): Promise<void> {
    await this.prisma.salespersonAssignment.create({ data: { userId, companyId } });
  }

  async login(user: Pick<User, 'email'>, password = TEST_PASSWORD): Promise<LoggedIn> {
    const res = await this.http.post('/api/auth/login').send({ email: user.email, password });
    if (res.status !== 200 || res.body.status !== 'ok') {
      throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
    }
    const cookie = refreshCookieOf(res.headers['set-cookie']);
    return {
      accessToken: res.body.accessToken,
      refreshCookie: cookie,
      auth: { Authorization: `Bearer ${res.body.accessToken}` },
    };
  }

  async close(): Promise<void> {
    await this.app.close();
  }
}

export function refreshCookieOf(header: string | string[] | undefined): string {
  const list = Array.isArray(header) ? header : header ? [header] : [];
  const c = list.find((h) => h.startsWith('mp_refresh='));
  if (!c) throw new Error('no mp_refresh cookie set');
  return c.split(';')[0];
}

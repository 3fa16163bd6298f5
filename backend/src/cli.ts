import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { passwordSchema } from '@multpanel/contracts';
import { ENCRYPTED_COLUMNS } from './common/crypto/encrypted-columns';
import { hashPassword } from './common/crypto/password';
import { SecretsCipherCore } from './common/crypto/secrets-cipher';
import { createPrismaClient } from './common/prisma/prisma.service';
import { AppConfig } from './config/app-config';
import { ConfigError } from './config/env.schema';
import { migrate } from './database/migrator';
import { seedDemo } from './database/seed';
import { seedDemoCluster } from './database/seed-demo-cluster';

const USAGE = `Usage: node backend/dist/cli.js <command>
  migrate                                   apply pending database migrations
  seed                                      load demo data (only when DEMO_MODE=true)
  create-admin --email E --name N [--password P]
                                            create a super_admin (prints a one-time password if none given)
  reencrypt-secrets                         re-encrypt stored secrets with the newest ENCRYPTION_KEY`;

class UsageError extends Error {}

async function withPrisma<T>(
  config: AppConfig,
  fn: (p: ReturnType<typeof createPrismaClient>) => Promise<T>,
) {
  const prisma = createPrismaClient(config.env.DATABASE_URL);
  try {
    return await fn(prisma);
  } finally {
    await prisma.$disconnect();
  }
}

async function createAdmin(config: AppConfig, argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { email: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' } },
  });
  if (!values.email || !values.name) throw new UsageError('create-admin needs --email and --name');
  const email = values.email.trim().toLowerCase();
  const generated = !values.password;
  const password = values.password ?? randomBytes(12).toString('base64url');
  const check = passwordSchema.safeParse(password);
  if (!check.success) throw new UsageError(`password: ${check.error.issues[0].message}`);
  await withPrisma(config, async (prisma) => {
    if (await prisma.user.findUnique({ where: { email } })) {
      throw new UsageError(`a user with email ${email} already exists`);
    }
    await prisma.user.create({
      data: {
        email,
        name: values.name!,
        role: 'super_admin',
        passwordHash: await hashPassword(password),
        passwordChangedAt: generated ? null : new Date(),
      },
    });
  });
  console.log(`created super_admin ${email}`);
  if (generated) console.log(`one-time password: ${password}\n(change it after the first sign-in)`);
}

class ReencryptError extends Error {}

async function reencrypt(config: AppConfig): Promise<void> {
  const cipher = new SecretsCipherCore(config.env.ENCRYPTION_KEY);
  let failed = 0;
  await withPrisma(config, async (prisma) => {
    for (const { table, column, context } of ENCRYPTED_COLUMNS) {
      const exists = await prisma.$queryRawUnsafe<unknown[]>(
        'SELECT 1 FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND COLUMN_NAME = ?',
        table,
        column,
      );
      if (exists.length === 0) continue;
      const rows = await prisma.$queryRawUnsafe<{ id: string; v: string }[]>(
        `SELECT id, \`${column}\` AS v FROM \`${table}\` WHERE \`${column}\` IS NOT NULL`,
      );
      let changed = 0;
      const unreadable: string[] = [];
      for (const r of rows) {
        let fresh: string | null;
        try {
          fresh = cipher.reencrypt(r.v, context);
        } catch {
          // A row no configured key opens (lost key, corrupt value): report it, rotate the rest.
          unreadable.push(r.id);
          continue;
        }
        if (!fresh) continue;
        // Compare-and-set: a concurrent writer wins and is left alone.
        changed += await prisma.$executeRawUnsafe(
          `UPDATE \`${table}\` SET \`${column}\` = ? WHERE id = ? AND \`${column}\` = ?`,
          fresh,
          r.id,
          r.v,
        );
      }
      console.log(
        `${table}.${column}: ${changed} of ${rows.length} re-encrypted with key v${cipher.currentVersion}`,
      );
      if (unreadable.length) {
        failed += unreadable.length;
        console.error(
          `${table}.${column}: ${unreadable.length} cannot be decrypted with any configured key (ids: ${unreadable.slice(0, 20).join(', ')}${unreadable.length > 20 ? ', …' : ''})`,
        );
      }
    }
  });
  if (failed)
    throw new ReencryptError(`${failed} secret(s) could not be re-encrypted; the others were`);
}

export async function runCli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  let config: AppConfig;
  try {
    config = AppConfig.fromProcess();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      return 1;
    }
    throw err;
  }
  try {
    switch (command) {
      case 'migrate':
        await migrate({ databaseUrl: config.env.DATABASE_URL, log: (l) => console.log(l) });
        return 0;
      case 'seed':
        if (!config.env.DEMO_MODE) {
          console.log(
            'DEMO_MODE is off: no demo data is loaded (use create-admin for the first user)',
          );
          return 0;
        }
        await withPrisma(config, async (p) => {
          await seedDemo(p, config.env.DEMO_PASSWORD);
          if (config.env.SIM_URL) {
            const cipher = new SecretsCipherCore(config.env.ENCRYPTION_KEY);
            await seedDemoCluster(p, {
              url: config.env.SIM_URL,
              password: config.env.SIM_PASSWORD,
              cipher,
            });
          }
        });
        console.log('demo data is in place');
        return 0;
      case 'create-admin':
        await createAdmin(config, rest);
        return 0;
      case 'reencrypt-secrets':
        await reencrypt(config);
        return 0;
      default:
        console.error(USAGE);
        return command ? 1 : 0;
    }
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(err.message);
      return 2;
    }
    console.error(err instanceof Error ? err.message : err);
    return 1;
  }
}

if (require.main === module) {
  void runCli(process.argv.slice(2)).then((code) => process.exit(code));
}

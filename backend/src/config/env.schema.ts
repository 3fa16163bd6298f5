import { resolve } from 'node:path';
import { z } from 'zod';

const REPO_ROOT = resolve(__dirname, '..', '..', '..');

// Fixed keys are only ever used outside production, where they make `npm start` work with no setup.
const DEV_JWT_SECRET = 'multpanel-dev-jwt-secret-not-for-production-use';
const DEV_ENCRYPTION_KEY = 'v1:' + Buffer.alloc(32, 7).toString('base64');

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const encryptionKeys = z.string().transform((raw, ctx) => {
  // "base64" (version 1) or "v1:base64,v2:base64"; the highest version encrypts, all decrypt.
  const keys = new Map<number, Buffer>();
  for (const part of raw
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^v(\d+):(.+)$/.exec(part);
    const version = m ? Number(m[1]) : 1;
    const key = Buffer.from(m ? m[2] : part, 'base64');
    if (key.length !== 32) {
      ctx.addIssue({ code: 'custom', message: `key v${version} must be 32 bytes of base64` });
      return z.NEVER;
    }
    keys.set(version, key);
  }
  if (keys.size === 0) {
    ctx.addIssue({ code: 'custom', message: 'at least one key is required' });
    return z.NEVER;
  }
  return keys;
});

// API rate limits: token buckets in Redis (shared by every API process), sustained per second + burst.
const perSecond = (value: number) => z.coerce.number().positive().max(100_000).default(value);
const burst = (value: number) => z.coerce.number().int().min(1).max(1_000_000).default(value);

/** `test`: NODE_ENV=test, whose suites send many requests quickly (rate limits off unless set). */
export function buildEnvSchema(production: boolean, test = false) {
  const devDefault = <T extends z.ZodType<unknown, string>>(schema: T, value: string) =>
    production ? schema : z.string().default(value).pipe(schema);
  return z
    .object({
      NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
      PORT: z.coerce.number().int().min(0).max(65535).default(8080),
      HOST: z.string().min(1).default('0.0.0.0'),
      DATABASE_URL: devDefault(
        z.string().regex(/^(mysql|mariadb):\/\//, 'must be a mysql:// URL'),
        'mysql://root@127.0.0.1:3306/multpanel',
      ),
      REDIS_URL: devDefault(
        z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL'),
        'redis://127.0.0.1:6379',
      ),
      REDIS_PREFIX: z
        .string()
        .regex(/^[\w.-]+$/)
        .default('mp'),
      JWT_SECRET: devDefault(z.string().min(32, 'must be at least 32 characters'), DEV_JWT_SECRET),
      ENCRYPTION_KEY: devDefault(encryptionKeys, DEV_ENCRYPTION_KEY),
      LOG_LEVEL: z
        .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
        .default('info'),
      DEMO_MODE: bool.default(production ? false : true),
      DEMO_PASSWORD: z.string().min(8).default('demo-password'),
      PUBLIC_URL: z.url().optional(),
      SIM_URL: z.url().optional(),
      SIM_PASSWORD: z.string().default('sim-password'),
      SMTP_URL: z
        .string()
        .regex(/^smtps?:\/\//, 'must be an smtp:// URL')
        .optional(),
      // Replies to ticket mails by e-mail: the address they are sent to (each mail's Reply-To is it
      // with a signed +token), and the secret the mail relay shows when it posts a received message
      // to /api/tickets/inbound-mail. Both unset: ticket mails have no Reply-To and the route is off.
      TICKET_REPLY_ADDRESS: z.email().optional(),
      INBOUND_MAIL_SECRET: z.string().min(24, 'must be at least 24 characters').optional(),
      // Replies by e-mail without a relay: the inbound SMTP listener (backend/dist/inbound-smtp.js,
      // its own process) accepts mail for TICKET_REPLY_ADDRESS's +token addresses on this port and
      // address (MX → port 25 forwarded here). Unset: no listener. STARTTLS only with both files.
      INBOUND_SMTP_PORT: z.coerce.number().int().min(1).max(65535).optional(),
      INBOUND_SMTP_HOST: z.string().min(1).default('127.0.0.1'),
      // The name it greets with (EHLO banner); the MX host name.
      INBOUND_SMTP_NAME: z.string().min(1).optional(),
      INBOUND_SMTP_TLS_CERT: z.string().optional(),
      INBOUND_SMTP_TLS_KEY: z.string().optional(),
      FRONTEND_DIST: z.string().default(resolve(REPO_ROOT, 'frontend', 'dist')),
      // Which peers may set X-Forwarded-For (client IPs for rate limits and the audit log), with the
      // syntax of Express's "trust proxy" (see compileTrust). "loopback" trusts only a proxy on this
      // host (Nginx); a number trusts that many hops.
      // DNS servers ("ip" or "ip:port", comma-separated) that SSO domain verification asks for TXT
      // records; unset: the host's resolvers.
      SSO_DNS_SERVERS: z
        .string()
        .regex(/^[\w.:[\]]+(\s*,\s*[\w.:[\]]+)*$/, 'comma-separated addresses')
        .transform((v) => v.split(',').map((s) => s.trim()))
        .optional(),
      // How often a live-events socket's rights are checked again (it also closes at once when any
      // API process announces a logout, suspension or rights change, and when its token expires).
      EVENTS_RECHECK_SECONDS: z.coerce.number().int().min(1).max(30).default(30),
      // Worker: the BullMQ job lock of every queue; the stalled-job check runs every half lock. A job
      // whose worker died is taken over by another worker within 1–1.5 locks (10–15 s by default).
      JOB_LOCK_SECONDS: z.coerce.number().int().min(2).max(600).default(10),
      // Worker: how often metrics are collected (and alert rules judged). Stored points stay per
      // minute; below 60 is for tests that wait on collections (the browser tests run 10).
      MONITORING_COLLECT_SECONDS: z.coerce.number().int().min(1).max(60).default(60),
      // Worker: ESXi imports copying from one source at once, across all workers (on top of the
      // per-node limit of Proxmox tasks): an ESXi host serves only so many disk reads well.
      ESXI_IMPORTS_PER_SOURCE: z.coerce.number().int().min(1).max(64).default(2),
      RATE_LIMIT_ENABLED: bool.default(test ? false : true),
      RATE_LIMIT_IP_PER_SEC: perSecond(50),
      RATE_LIMIT_IP_BURST: burst(400),
      RATE_LIMIT_PRINCIPAL_PER_SEC: perSecond(20),
      RATE_LIMIT_PRINCIPAL_BURST: burst(200),
      // Routes that call Proxmox while the caller waits (@LiveProxmox), per principal, on top.
      RATE_LIMIT_LIVE_PER_SEC: perSecond(2),
      RATE_LIMIT_LIVE_BURST: burst(20),
      TRUST_PROXY: z
        .string()
        .regex(/^(\d+|loopback|[\d.:/a-f, ]+)$/i, 'a hop count, "loopback" or addresses')
        .default('loopback')
        .transform((v) => (/^\d+$/.test(v) ? Number(v) : v)),
      // Self-update (scripts/update/engine.mjs): git remote with the release tags, whether
      // pre-releases are offered, the PM2 binary ("none": processes are managed another way) and
      // where runs, logs, database backups and saved builds are kept (default .multpanel/updates).
      UPDATE_REMOTE: z
        .string()
        .regex(/^[\w./:@-]+$/)
        .default('origin'),
      UPDATE_ALLOW_PRERELEASE: bool.default(false),
      UPDATE_PM2: z.string().min(1).default('pm2'),
      UPDATE_STATE_DIR: z.string().optional(),
      // TLS (System → Certificates): where Nginx's certificate, key and nginx-tls.conf live, the
      // folder Nginx serves /.well-known/acme-challenge/ from, the command that reloads Nginx, an
      // extra CA for a private ACME server's HTTPS, and extra roots a certificate may chain to for HSTS.
      TLS_DIR: z.string().default(resolve(REPO_ROOT, '.multpanel', 'tls')),
      ACME_WEBROOT: z.string().default(resolve(REPO_ROOT, '.multpanel', 'acme')),
      TLS_RELOAD_COMMAND: z.string().optional(),
      ACME_CA_FILE: z.string().optional(),
      TLS_TRUSTED_CA_FILE: z.string().optional(),
      // Process layout and the registry of this MSP's installations (System → Instances).
      INSTANCES_FILE: z.string().default(resolve(REPO_ROOT, 'instances.yml')),
      // Files uploaded to tickets and branding (logos), outside the database.
      DATA_DIR: z.string().default(resolve(REPO_ROOT, '.multpanel', 'data')),
      // Prometheus scrapes GET /api/metrics with this bearer token, or from these addresses (IPs/CIDRs,
      // comma-separated, e.g. "127.0.0.1, 10.0.0.0/8"); with neither set the route refuses everyone.
      METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN: at least 16 characters').optional(),
      METRICS_ALLOW: z.string().optional(),
    })
    .superRefine((env, ctx) => {
      if (env.INBOUND_SMTP_PORT !== undefined && !env.TICKET_REPLY_ADDRESS) {
        ctx.addIssue({
          code: 'custom',
          path: ['INBOUND_SMTP_PORT'],
          message: 'needs TICKET_REPLY_ADDRESS (the addresses the listener accepts mail for)',
        });
      }
      if (!env.INBOUND_SMTP_TLS_CERT !== !env.INBOUND_SMTP_TLS_KEY) {
        ctx.addIssue({
          code: 'custom',
          path: ['INBOUND_SMTP_TLS_CERT'],
          message: 'INBOUND_SMTP_TLS_CERT and INBOUND_SMTP_TLS_KEY go together',
        });
      }
    });
}

export type Env = z.output<ReturnType<typeof buildEnvSchema>>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(
    Object.entries(source).filter(([, v]) => v !== undefined && v !== ''),
  );
  const production = cleaned.NODE_ENV === 'production';
  const result = buildEnvSchema(production, cleaned.NODE_ENV === 'test').safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  }
  return result.data;
}

import { z } from 'zod';
import { GUEST_KINDS, vmNetworkSchema, vmSourceSchema } from './vms';

// Application deployments (issue 24): a Git repository built and run on a guest of the company.

/** What a framework preset needs on the guest and how its app is installed, built and started. */
export interface FrameworkPreset {
  id: string;
  name: string;
  family: 'node' | 'static' | 'python' | 'php' | 'fullstack' | 'docker';
  runtime: 'node' | 'python' | 'php' | 'docker';
  /** Versions offered; the first is the default. */
  versions: string[];
  defaultPort: number;
  installCommand: string;
  buildCommand: string;
  /** Runs in the release directory with PORT and the deployment's env vars set. */
  startCommand: string;
  healthPath: string;
  /** The base template a new guest of this preset needs. */
  baseTemplate: { kind: 'lxc' | 'qemu'; os: string };
}

const node = (
  id: string,
  name: string,
  build: string,
  start: string,
  port = 3000,
): FrameworkPreset => ({
  id,
  name,
  family: 'node',
  runtime: 'node',
  versions: ['22', '20'],
  defaultPort: port,
  installCommand: 'npm ci || npm install',
  buildCommand: build,
  startCommand: start,
  healthPath: '/',
  baseTemplate: { kind: 'lxc', os: 'debian-12' },
});

const staticSite = (id: string, name: string, out: string): FrameworkPreset => ({
  id,
  name,
  family: 'static',
  runtime: 'node',
  versions: ['22', '20'],
  defaultPort: 8080,
  installCommand: 'npm ci || npm install',
  buildCommand: 'npm run build',
  startCommand: `npx --yes serve -s ${out} -l $PORT`,
  healthPath: '/',
  baseTemplate: { kind: 'lxc', os: 'debian-12' },
});

const python = (id: string, name: string, start: string, port = 8000): FrameworkPreset => ({
  id,
  name,
  family: 'python',
  runtime: 'python',
  versions: ['3.12', '3.11'],
  defaultPort: port,
  installCommand: 'python3 -m venv .venv && .venv/bin/pip install -r requirements.txt',
  buildCommand: '',
  startCommand: start,
  healthPath: '/',
  baseTemplate: { kind: 'lxc', os: 'debian-12' },
});

/** The presets `GET /api/frameworks` lists; a deployment may override commands and port. */
export const FRAMEWORK_PRESETS: readonly FrameworkPreset[] = [
  node('express', 'Express', '', 'node ${MAIN:-index.js}'),
  node('nextjs', 'Next.js', 'npm run build', 'npx next start -p $PORT'),
  node('nestjs', 'NestJS', 'npm run build', 'node dist/main.js'),
  staticSite('react-vite', 'React (Vite)', 'dist'),
  staticSite('vue', 'Vue', 'dist'),
  python(
    'django',
    'Django',
    '.venv/bin/python manage.py migrate --noinput && .venv/bin/gunicorn -b 0.0.0.0:$PORT ${WSGI_APP:-app.wsgi}',
  ),
  python('flask', 'Flask', '.venv/bin/gunicorn -b 0.0.0.0:$PORT ${WSGI_APP:-app:app}', 5000),
  python(
    'fastapi',
    'FastAPI',
    '.venv/bin/uvicorn ${ASGI_APP:-main:app} --host 0.0.0.0 --port $PORT',
  ),
  {
    id: 'laravel',
    name: 'Laravel',
    family: 'php',
    runtime: 'php',
    versions: ['8.3', '8.2'],
    defaultPort: 8000,
    installCommand: 'composer install --no-dev --optimize-autoloader',
    buildCommand: 'php artisan config:cache',
    startCommand: 'php artisan serve --host=0.0.0.0 --port=$PORT',
    healthPath: '/',
    baseTemplate: { kind: 'lxc', os: 'debian-12' },
  },
  { ...node('mern', 'MERN', 'npm run build --if-present', 'npm start'), family: 'fullstack' },
  { ...node('mean', 'MEAN', 'npm run build --if-present', 'npm start'), family: 'fullstack' },
  {
    id: 'lamp',
    name: 'LAMP',
    family: 'fullstack',
    runtime: 'php',
    versions: ['8.3', '8.2'],
    defaultPort: 8080,
    installCommand: 'composer install --no-dev || true',
    buildCommand: '',
    startCommand: 'php -S 0.0.0.0:$PORT -t ${DOCROOT:-public}',
    healthPath: '/',
    baseTemplate: { kind: 'qemu', os: 'debian-12' },
  },
  {
    id: 'docker-compose',
    name: 'Docker Compose',
    family: 'docker',
    runtime: 'docker',
    versions: ['27'],
    defaultPort: 8080,
    installCommand: 'docker compose pull',
    buildCommand: 'docker compose build',
    startCommand: 'docker compose up --remove-orphans',
    healthPath: '/',
    baseTemplate: { kind: 'qemu', os: 'debian-12' },
  },
];

export const FRAMEWORK_IDS = FRAMEWORK_PRESETS.map((p) => p.id);

export function frameworkPreset(id: string): FrameworkPreset | undefined {
  return FRAMEWORK_PRESETS.find((p) => p.id === id);
}

/** https://host/path(.git) or ssh: git@host:path(.git) / ssh://[user@]host[:port]/path. */
export const REPO_URL_RE =
  /^(?:https:\/\/[A-Za-z0-9.-]+(?::\d{1,5})?\/[A-Za-z0-9._~/-]+|ssh:\/\/(?:[A-Za-z0-9._-]+@)?[A-Za-z0-9.-]+(?::\d{1,5})?\/[A-Za-z0-9._~/-]+|[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[A-Za-z0-9._~/-]+|git:\/\/[A-Za-z0-9.-]+(?::\d{1,5})?\/[A-Za-z0-9._~/-]+)$/;

export function isSshRepoUrl(url: string): boolean {
  return url.startsWith('ssh://') || /^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:/.test(url);
}

const envKey = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'an environment variable name');
const command = z.string().max(2000);

export const deploymentEnvSchema = z
  .array(z.object({ key: envKey, value: z.string().max(8000), secret: z.boolean().default(true) }))
  .max(100)
  .refine((a) => new Set(a.map((e) => e.key)).size === a.length, 'duplicate variable name');

const sshUser = z
  .string()
  .regex(/^[a-z_][a-z0-9_-]{0,31}$/)
  .default('root');
const sshPort = z.number().int().min(1).max(65535).default(22);

/** An existing guest of the company, reached over SSH as `sshUser` on `sshPort`. */
export const deploymentGuestTargetSchema = z
  .object({ type: z.literal('guest'), guestId: z.uuid(), sshUser, sshPort })
  .strict();

/**
 * A guest the deployment creates through the VM/LXC create flow (placement, quota, IPAM), with the
 * deployment's access key given by cloud-init (VM: for `sshUser`; container: for root). Deleting
 * the deployment destroys it.
 */
export const deploymentNewTargetSchema = z
  .object({
    type: z.literal('new'),
    kind: z.enum(GUEST_KINDS),
    /** VM: a cloud-init-ready template (clone); container: a container template (ostemplate volid). */
    source: vmSourceSchema,
    /** Omitted: automatic placement over the clusters the company may use. */
    clusterId: z.uuid().optional(),
    node: z.string().max(64).optional(),
    cores: z.number().int().min(1).max(64).default(1),
    memoryMb: z.number().int().min(256).max(262144).default(1024),
    diskGb: z.number().int().min(2).max(4096).default(10),
    /** NICs; one naming an IPAM range gets its address from it. */
    networks: z.array(vmNetworkSchema).min(1).max(4),
    sshUser,
    sshPort,
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.node && !v.clusterId)
      ctx.addIssue({ code: 'custom', path: ['node'], message: 'node needs clusterId' });
    // A container takes SSH keys only at creation (not after a clone of a CT template).
    if (v.kind === 'lxc' && v.source.type !== 'ostemplate')
      ctx.addIssue({
        code: 'custom',
        path: ['source'],
        message: 'a new container is created from a container template (ostemplate)',
      });
    if (v.kind === 'qemu' && v.source.type !== 'template')
      ctx.addIssue({
        code: 'custom',
        path: ['source'],
        message: 'a new VM is cloned from a cloud-init-ready template',
      });
  });

export const deploymentTargetSchema = z.discriminatedUnion('type', [
  deploymentGuestTargetSchema,
  deploymentNewTargetSchema,
]);
export type DeploymentTargetInput = z.infer<typeof deploymentTargetSchema>;

export const createDeploymentSchema = z
  .object({
    companyId: z.uuid(),
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,47}$/, 'lower-case letters, digits and dashes (max 48)'),
    repoUrl: z
      .string()
      .max(500)
      .regex(REPO_URL_RE, 'an https://, ssh:// or git@host:path repository URL'),
    /** A personal access token for a private https repository (stored encrypted). */
    repoToken: z.string().min(1).max(500).optional(),
    ref: z
      .string()
      .regex(/^[A-Za-z0-9._/-]{1,200}$/)
      .default('main'),
    framework: z.string().refine((id) => FRAMEWORK_IDS.includes(id), 'unknown framework'),
    runtimeVersion: z.string().max(20).optional(),
    target: deploymentTargetSchema,
    port: z.number().int().min(1).max(65535).optional(),
    installCommand: command.optional(),
    buildCommand: command.optional(),
    startCommand: command.min(1).optional(),
    healthPath: z
      .string()
      .regex(/^\/[^\s]*$/)
      .max(200)
      .optional(),
    env: deploymentEnvSchema.default([]),
    /** Public host name: APP_DOMAIN in the app's env and an Nginx server block beside it. */
    domain: z
      .string()
      .max(253)
      .regex(/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/, 'a lower-case host name')
      .optional(),
    /** Release directories kept on the guest (rollback targets). */
    keepReleases: z.number().int().min(1).max(20).default(5),
  })
  .strict();
export type CreateDeploymentInput = z.infer<typeof createDeploymentSchema>;

export const updateDeploymentSchema = z
  .object({
    ref: z
      .string()
      .regex(/^[A-Za-z0-9._/-]{1,200}$/)
      .optional(),
    port: z.number().int().min(1).max(65535).optional(),
    installCommand: command.optional(),
    buildCommand: command.optional(),
    startCommand: command.min(1).optional(),
    healthPath: z
      .string()
      .regex(/^\/[^\s]*$/)
      .max(200)
      .optional(),
    /** Replaces the whole set; a secret sent as null keeps its stored value. */
    env: z
      .array(
        z.object({
          key: envKey,
          value: z.string().max(8000).nullable(),
          secret: z.boolean().default(true),
        }),
      )
      .max(100)
      .optional(),
    keepReleases: z.number().int().min(1).max(20).optional(),
    /** null clears it; applied by the next deploy. */
    domain: z
      .string()
      .max(253)
      .regex(/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/, 'a lower-case host name')
      .nullable()
      .optional(),
  })
  .strict();
export type UpdateDeploymentInput = z.infer<typeof updateDeploymentSchema>;

/** GET /deployments/:id/app-logs/stream: the last `lines` lines, then the app's output as it comes. */
export const appLogsStreamQuerySchema = z
  .object({ lines: z.coerce.number().int().min(0).max(1000).default(100) })
  .strict();
export type AppLogsStreamQuery = z.infer<typeof appLogsStreamQuerySchema>;

export const rollbackDeploymentSchema = z.object({ releaseId: z.uuid() }).strict();
export type RollbackDeploymentInput = z.infer<typeof rollbackDeploymentSchema>;

export const deploymentListQuerySchema = z
  .object({
    companyId: z.uuid().optional(),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export type DeploymentListQuery = z.infer<typeof deploymentListQuerySchema>;

export const DEPLOYMENT_STATUSES = [
  'PENDING',
  'PROVISIONING',
  'DEPLOYING',
  'RUNNING',
  'FAILED',
  'CANCELLED',
  'DELETING',
] as const;
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];

export interface DeploymentView {
  id: string;
  companyId: string;
  name: string;
  repoUrl: string;
  hasRepoToken: boolean;
  ref: string;
  framework: string;
  runtimeVersion: string | null;
  /** `new`: the deployment created the guest (and destroys it when deleted). */
  target: { type: 'guest' | 'new'; guestId: string; sshUser: string; sshPort: number };
  port: number;
  installCommand: string;
  buildCommand: string;
  startCommand: string;
  healthPath: string;
  /** Secret values are never returned (null). */
  env: Array<{ key: string; value: string | null; secret: boolean }>;
  /**
   * The app's public host name: written into its env as APP_DOMAIN and into an Nginx server block
   * (`<app dir>/nginx.conf`) proxying to the app's port; the platform configures no DNS or proxy.
   */
  domain: string | null;
  keepReleases: number;
  status: DeploymentStatus;
  failedStep: string | null;
  error: string | null;
  currentReleaseId: string | null;
  /** The key the platform logs in to the guest with: add it to the SSH user's authorized_keys. */
  accessPublicKey: string;
  /** The repository's deploy key (ssh repositories): add it as a read-only deploy key. */
  deployPublicKey: string | null;
  hostKeyFingerprint: string | null;
  webhookUrl: string;
  lastJobId: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Only in the create answer: the webhook secret is shown once. */
export interface CreatedDeploymentView extends DeploymentView {
  webhookSecret: string;
}

export interface ReleaseView {
  id: string;
  deploymentId: string;
  commit: string | null;
  author: string | null;
  message: string | null;
  trigger: 'manual' | 'webhook' | 'create' | 'rollback';
  triggeredBy: string | null;
  status: 'PENDING' | 'BUILDING' | 'SUCCEEDED' | 'FAILED';
  failedStep: string | null;
  durationMs: number | null;
  /** On the guest still (a rollback target). */
  available: boolean;
  current: boolean;
  createdAt: string;
  finishedAt: string | null;
}

export interface DeploymentStats {
  total: number;
  active: number;
  /** Succeeded / finished releases, 0..1 (null: none finished). */
  successRate: number | null;
  medianDeployMs: number | null;
  byFramework: Array<{ framework: string; total: number; running: number }>;
  byCompany: Array<{ companyId: string; total: number; running: number }>;
}

/**
 * Tracked job params: deploy a release (fetch, build, switch, start), switch back to one, or remove
 * the app from its guest (stop it, delete its directory) and then the deployment.
 */
export type DeploymentJobParams =
  | {
      deploymentId: string;
      releaseId: string;
      action: 'deploy' | 'rollback';
      /** Exact commit from a push payload; otherwise the head of the ref. */
      commit?: string;
    }
  | { deploymentId: string; action: 'remove' };

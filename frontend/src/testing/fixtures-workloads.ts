import type {
  CreatedDeploymentView,
  DeploymentStats,
  DeploymentView,
  EsxiVmDto,
  ReleaseView,
  VmSummary,
} from '@multpanel/contracts';
import { ACME_ID, CLUSTER_ID } from './fixtures';

// Typed, whole answers of the workload routes (deployments, ESXi import) for the SPA's tests: the
// test double parses every canned answer with the route's response schema.

const AT = '2026-01-01T10:00:00.000Z';

/** A deployment of the Acme company to an existing guest, as GET /api/deployments/:id answers. */
export const deploymentView = (over: Partial<DeploymentView> = {}): DeploymentView => {
  const id = over.id ?? 'd1';
  return {
    id,
    companyId: ACME_ID,
    name: 'shop-api',
    repoUrl: 'https://git.example.test/shop/api.git',
    hasRepoToken: false,
    ref: 'main',
    framework: 'express',
    runtimeVersion: null,
    target: { type: 'guest', guestId: 'g1', sshUser: 'root', sshPort: 22 },
    port: 3000,
    installCommand: 'npm ci || npm install',
    buildCommand: '',
    startCommand: 'node index.js',
    healthPath: '/',
    env: [],
    domain: null,
    keepReleases: 5,
    status: 'RUNNING',
    failedStep: null,
    error: null,
    currentReleaseId: null,
    accessPublicKey: 'ssh-ed25519 AAAA multpanel-app',
    deployPublicKey: null,
    hostKeyFingerprint: null,
    webhookUrl: `https://panel.example/api/deployments/${id}/webhook`,
    lastJobId: null,
    createdAt: AT,
    updatedAt: AT,
    ...over,
  };
};

/** POST /api/deployments: the view plus the webhook secret, shown once. */
export const createdDeploymentView = (
  over: Partial<CreatedDeploymentView> = {},
): CreatedDeploymentView => ({
  ...deploymentView(over),
  webhookSecret: 'f'.repeat(48),
  ...over,
});

export const releaseView = (over: Partial<ReleaseView> = {}): ReleaseView => ({
  id: 'r1',
  deploymentId: 'd1',
  commit: 'a'.repeat(40),
  author: 'Dev Eloper',
  message: 'app v1',
  trigger: 'manual',
  triggeredBy: 'u-company_admin',
  status: 'SUCCEEDED',
  failedStep: null,
  durationMs: 12_400,
  available: true,
  current: true,
  createdAt: AT,
  finishedAt: AT,
  ...over,
});

export const deploymentStats = (over: Partial<DeploymentStats> = {}): DeploymentStats => ({
  total: 0,
  active: 0,
  successRate: null,
  medianDeployMs: null,
  byFramework: [],
  byCompany: [],
  ...over,
});

/** A guest of the Acme company as GET /api/vms lists it (a deployment target). */
export const guestSummary = (over: Partial<VmSummary> = {}): VmSummary => ({
  id: 'g1',
  vmid: 101,
  kind: 'lxc',
  name: 'web-1',
  status: 'running',
  companyId: ACME_ID,
  companyName: 'Acme Corp',
  clusterId: CLUSTER_ID,
  clusterName: 'pve-main',
  node: 'pve1',
  cpus: 2,
  maxmem: 2 * 1024 ** 3,
  maxdisk: 20 * 1024 ** 3,
  tags: [],
  template: false,
  updatedAt: AT,
  ...over,
});

/** A discovered VM of an ESXi source, as GET /api/esxi-sources/:id/vms lists it. */
export const esxiVm = (over: Partial<EsxiVmDto> = {}): EsxiVmDto => ({
  id: 'esxi-vm-1',
  moref: 'vm-1',
  name: 'web-01',
  uuid: null,
  guestOs: 'ubuntu64Guest',
  guestOsName: 'Ubuntu Linux (64-bit)',
  firmware: 'bios',
  cpus: 2,
  memoryMb: 4096,
  powerState: 'poweredOn',
  toolsStatus: 'toolsOk',
  ipAddresses: [],
  disks: [],
  nics: [],
  snapshots: 0,
  vmxPath: null,
  discoveredAt: AT,
  ...over,
});

import { randomUUID } from 'node:crypto';
import { generateApiKey } from '../../src/common/auth/api-key-format';
import { SecretsCipher } from '../../src/common/crypto/secrets-cipher';
import { CLUSTER_SECRET_CONTEXT } from '../../src/modules/clusters/cluster-connection.service';
import { rangeWrite } from '../../src/modules/ipam/ipam-rules';
import { newBackupScheduleRow } from './backup-rows';
import type { HomeIds } from './isolation-probe';
import type { TestContext } from './test-context';

/** A cluster row nothing connects to (port 1 refuses at once), open to `companyIds` only. */
export async function clusterFor(ctx: TestContext, companyIds: string[], label: string) {
  const cluster = await ctx.prisma.cluster.create({
    data: {
      name: ctx.unique(label),
      endpoints: [{ url: 'https://127.0.0.1:1', fingerprint: 'AB'.repeat(32) }],
      authType: 'token',
      authUser: 'root@pam!crawler',
      secret: ctx.app.get(SecretsCipher).encrypt('not-a-secret', CLUSTER_SECRET_CONTEXT),
      tags: [],
      allowedCompanies: { create: companyIds.map((companyId) => ({ companyId })) },
    },
  });
  const node = await ctx.prisma.clusterNode.create({
    data: {
      clusterId: cluster.id,
      name: ctx.unique(`${label}-node`).slice(0, 60),
      status: 'online',
    },
  });
  return { cluster, node };
}

/** A guest owned by `companyId` and a template only it may clone, on `clusterId`. */
export async function guestAndTemplate(
  ctx: TestContext,
  companyId: string,
  clusterId: string,
  node: string,
) {
  const vmid = 100 + Math.floor(Math.random() * 800_000);
  const guest = await ctx.prisma.guest.create({
    data: {
      clusterId,
      companyId,
      vmid,
      activeVmid: vmid,
      kind: 'qemu',
      name: ctx.unique('guest'),
      status: 'stopped',
      node,
      tags: [],
      syncHash: '0000000000000000',
    },
  });
  const template = await ctx.prisma.vmTemplate.create({
    data: {
      clusterId,
      node,
      vmid: vmid + 1,
      kind: 'qemu',
      name: ctx.unique('template'),
      companies: { create: [{ companyId }] },
    },
  });
  return { guest, template };
}

/** What a role of the home company may use: fills the ids a probe does not target. */
export async function homeResources(ctx: TestContext, companyId: string): Promise<HomeIds> {
  const { cluster, node } = await clusterFor(ctx, [companyId], 'home');
  const { guest, template } = await guestAndTemplate(ctx, companyId, cluster.id, node.name);
  const user = await ctx.newUser({ role: 'user', companyId });
  return {
    companyId,
    clusterId: cluster.id,
    node: node.name,
    guestId: guest.id,
    templateId: template.id,
    userId: user.id,
  };
}

// Creates resources owned by a company, returning their ids. The isolation crawler uses them as the
// "foreign" ids every other company's callers must not reach. Modules add a factory here for their
// own resources; rows in any table with a companyId column are picked up automatically too.
export type ForeignFactory = (ctx: TestContext, companyId: string) => Promise<string[]>;

export const FOREIGN_RESOURCE_FACTORIES: ForeignFactory[] = [
  // A passkey of one of the company's people (issue 25): nobody else may rename or remove it.
  async (ctx, companyId) => {
    const owner = await ctx.newUser({ role: 'company_admin', companyId });
    const passkey = await ctx.prisma.passkey.create({
      data: {
        userId: owner.id,
        credentialId: randomUUID().replace(/-/g, ''),
        publicKey: 'foreign-public-key',
        name: 'foreign passkey',
      },
    });
    return [passkey.id];
  },
  async (ctx, companyId) => {
    const admin = await ctx.newUser({ role: 'company_admin', companyId });
    const user = await ctx.newUser({ role: 'user', companyId });
    await ctx.login(admin); // a session + activity entries
    const session = await ctx.prisma.refreshSession.findFirstOrThrow({
      where: { userId: admin.id },
    });
    const k = generateApiKey();
    const key = await ctx.prisma.apiKey.create({
      data: {
        userId: admin.id,
        companyId,
        name: 'foreign',
        prefix: k.prefix,
        keyHash: k.hash,
        permissions: ['company.read'],
      },
    });
    const grant = await ctx.prisma.vmGrant.create({
      data: { userId: user.id, companyId, guestId: `guest-${companyId}`, rights: ['view'] },
    });
    const quota = await ctx.prisma.quotaRequest.create({
      data: {
        companyId,
        requestedById: admin.id,
        requested: { guests: 99 },
        reason: 'foreign quota request',
      },
    });
    // A finished job (no worker picks it up) with a log line.
    const job = await ctx.prisma.job.create({
      data: {
        type: 'vm.power',
        status: 'succeeded',
        companyId,
        actorId: admin.id,
        params: { action: 'start' },
        message: 'foreign job',
        logs: { create: [{ line: 'foreign job log' }] },
      },
    });
    return [admin.id, user.id, session.familyId, key.id, grant.id, quota.id, job.id];
  },
  // Clusters, nodes and templates belong to no company, but one open only to the foreign company
  // is foreign too: its id (in paths, queries and bodies) must look missing to everyone else.
  async (ctx, companyId) => {
    const { cluster, node } = await clusterFor(ctx, [companyId], 'foreign');
    const { guest, template } = await guestAndTemplate(ctx, companyId, cluster.id, node.name);
    return [cluster.id, guest.id, template.id];
  },
  // Backups: a schedule, one of its runs and a guest's result; a snapshot schedule; a DR pair.
  async (ctx, companyId) => {
    const schedule = await newBackupScheduleRow(ctx, companyId, { retention: { keepLast: 3 } });
    const run = await ctx.prisma.backupRun.create({
      data: {
        companyId,
        scheduleId: schedule.id,
        trigger: 'manual',
        status: 'succeeded',
        storage: 'local',
        plannedAt: new Date(),
        results: {
          create: [
            {
              companyId,
              guestId: `guest-${companyId}`.slice(0, 36),
              clusterId: `cluster-${companyId}`.slice(0, 36),
              node: 'pve1',
              vmid: 100,
              status: 'succeeded',
              volid: 'local:backup/vzdump-qemu-100-2026_01_01-02_00_00.vma.zst',
            },
          ],
        },
      },
      include: { results: true },
    });
    const test = await ctx.prisma.restoreTest.create({
      data: {
        companyId,
        scheduleId: schedule.id,
        guestId: `guest-${companyId}`.slice(0, 36),
        guestName: 'foreign-restore-test',
        clusterId: `cluster-${companyId}`.slice(0, 36),
        node: 'pve1',
        vmid: 100,
        status: 'passed',
        volid: 'local:backup/vzdump-qemu-100-2026_01_01-02_00_00.vma.zst',
        backupAt: new Date(),
        finishedAt: new Date(),
      },
    });
    const snapshots = await ctx.prisma.snapshotSchedule.create({
      data: {
        companyId,
        name: ctx.unique('snapshots'),
        tag: randomUUID().slice(0, 8),
        selection: { allGuests: true },
        cron: '0 * * * *',
        timezone: 'UTC',
        keepLast: 3,
      },
    });
    const dr = await ctx.prisma.drPair.create({
      data: {
        companyId,
        name: ctx.unique('dr'),
        sourceClusterId: `cluster-${companyId}`.slice(0, 36),
        sourceStorage: 'dr-pbs',
        targetClusterId: `target-${companyId}`.slice(0, 36),
        targetNode: 'pve1',
        targetStorage: 'site-a',
        policy: 'standby',
        standbyStorage: 'local-lvm',
        syncEveryMinutes: 60,
        staleAfterHours: 26,
        guests: {
          create: [{ companyId, guestId: `guest-${companyId}`.slice(0, 36), standbyVmid: 4242 }],
        },
      },
    });
    return [schedule.id, run.id, run.results[0].id, test.id, snapshots.id, dr.id];
  },
  // IPAM: a range of the company with an allocated address (ids in paths and bodies).
  async (ctx, companyId) => {
    const n = Math.floor(Math.random() * 60_000);
    const range = await ctx.prisma.ipRange.create({
      data: {
        ...rangeWrite(
          { name: ctx.unique('foreign-range'), cidr: `172.16.${n % 256}.0/24` },
          companyId,
        ),
        freeRuns: { create: [{ startOffset: 2n, endOffset: 254n }] },
        addresses: {
          create: [
            {
              offset: 1n,
              address: 'foreign-address',
              status: 'allocated',
              purpose: 'other',
              companyId,
            },
          ],
        },
      },
      include: { addresses: true },
    });
    return [range.id, range.addresses[0].id];
  },
  // VLANs: a pool on a cluster open only to the company, and a tag of it assigned to the company.
  async (ctx, companyId) => {
    const { cluster } = await clusterFor(ctx, [companyId], 'foreign-vlan');
    const pool = await ctx.prisma.vlanPool.create({
      data: { clusterId: cluster.id, name: 'foreign-pool', vlanFrom: 100, vlanTo: 110 },
    });
    const assignment = await ctx.prisma.vlanAssignment.create({
      data: { poolId: pool.id, clusterId: cluster.id, vlan: 100, companyId, purpose: 'guests' },
    });
    return [cluster.id, pool.id, assignment.id];
  },
  // Monitoring (issue 20): a company's channel, rule, a firing alert on its guest and a maintenance
  // window.
  async (ctx, companyId) => {
    const channel = await ctx.prisma.notificationChannel.create({
      data: { companyId, name: 'foreign', type: 'email', config: { to: ['x@foreign.test'] } },
    });
    const rule = await ctx.prisma.alertRule.create({
      data: {
        companyId,
        name: 'foreign',
        metric: 'guest_cpu',
        threshold: 90,
        forSec: 0,
        severity: 'warning',
        repeatSec: 0,
        channels: { create: [{ channelId: channel.id }] },
      },
    });
    const alert = await ctx.prisma.alert.create({
      data: {
        ruleId: rule.id,
        companyId,
        target: `guest:${companyId}`,
        targetLabel: 'foreign',
        openKey: `${rule.id}|guest:${companyId}`,
        state: 'firing',
        severity: 'warning',
        since: new Date(),
        firedAt: new Date(),
      },
    });
    const window = await ctx.prisma.maintenanceWindow.create({
      data: {
        companyId,
        startsAt: new Date(),
        endsAt: new Date(Date.now() + 3600_000),
        reason: 'foreign window',
      },
    });
    return [channel.id, rule.id, alert.id, window.id];
  },
  // Usage statements (issue 20): an hourly sample, so the foreign company's statement is not empty
  // (a leaked statement carries the foreign company's id, one of the crawler's markers), and a
  // price list.
  async (ctx, companyId) => {
    await ctx.prisma.usageSample.create({
      data: {
        companyId,
        hour: new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000),
        vcpus: 4,
        memBytes: 8n * 1024n ** 3n,
        diskBytes: 64n * 1024n ** 3n,
        guests: 1,
        running: [],
      },
    });
    const prices = await ctx.prisma.usagePriceList.create({
      data: { companyId, currency: 'EUR', vcpuHour: 0.01, ramGbHour: 0.005, diskGbMonth: 0.05 },
    });
    return [prices.id];
  },
  // A dedicated cluster the foreign company owns (issue 25): open to nobody else, whatever its list.
  async (ctx, companyId) => {
    const { cluster } = await clusterFor(ctx, [], 'owned');
    await ctx.prisma.cluster.update({
      where: { id: cluster.id },
      data: { ownerCompanyId: companyId },
    });
    return [cluster.id];
  },
  // A ticket with a reply, an internal note, an attachment and a watcher (row only: no file is needed to be
  // refused). Attachment downloads are probed through the ticket and attachment ids.
  async (ctx, companyId) => {
    // A former user (the crawl counts the company's active users afterwards).
    const requester = await ctx.newUser({ role: 'user', companyId, status: 'disabled' });
    const ticket = await ctx.prisma.ticket.create({
      data: {
        companyId,
        subject: 'foreign ticket',
        description: 'foreign ticket description',
        category: 'incident',
        requesterId: requester.id,
        messages: {
          create: [
            { companyId, authorId: requester.id, body: 'foreign reply' },
            { companyId, authorId: requester.id, body: 'foreign note', internal: true },
          ],
        },
        attachments: {
          create: [
            {
              companyId,
              uploadedById: requester.id,
              fileName: 'foreign.png',
              contentType: 'image/png',
              size: 1,
              sha256: '0'.repeat(64),
            },
          ],
        },
        // A watcher: its removal (DELETE …/watchers/:userId) is probed with the foreign ids.
        watchers: { create: [{ companyId, userId: requester.id }] },
      },
      include: { messages: true, attachments: true },
    });
    return [ticket.id, ...ticket.messages.map((m) => m.id), ...ticket.attachments.map((a) => a.id)];
  },
  // Its own SLA policy naming its own breach channel (GET/PUT/DELETE /companies/:id/ticket-sla
  // with the foreign id; a leaked policy or SLA report row carries the foreign ids).
  async (ctx, companyId) => {
    const channel = await ctx.prisma.notificationChannel.create({
      data: { companyId, name: 'foreign SLA alerts', type: 'email', config: { to: [] } },
    });
    await ctx.prisma.ticketSlaPolicy.create({
      data: {
        owner: companyId,
        targets: Object.fromEntries(
          ['low', 'normal', 'high', 'urgent'].map((p) => [
            p,
            { firstResponseMinutes: 60, resolutionMinutes: 480 },
          ]),
        ),
        days: Array.from({ length: 7 }, () => [0, 1440]),
        holidays: [],
        breachChannelIds: [channel.id],
      },
    });
    return [channel.id];
  },
  // Branding with a mapped host name: no caller of another company may read or change it (the
  // rows are keyed by the company id, which the crawl probes already; a host name is no id).
  async (ctx, companyId) => {
    const host = `portal-${companyId}.foreign.test`;
    await ctx.prisma.branding.create({
      data: {
        owner: companyId,
        productName: `Foreign brand ${companyId}`,
        primaryColor: '#112233',
      },
    });
    await ctx.prisma.brandingHost.create({ data: { host, companyId } });
    return [];
  },
  // ESXi (issue 22): a source with one discovered VM; its host refuses at once (port 1).
  async (ctx, companyId) => {
    const source = await ctx.prisma.esxiSource.create({
      data: {
        companyId,
        name: ctx.unique('foreign-esxi'),
        host: '127.0.0.1',
        port: 1,
        username: 'root',
        password: ctx.app.get(SecretsCipher).encrypt('not-a-secret', 'esxi-source.password'),
        fingerprint: 'AB:'.repeat(31) + 'AB',
        vms: {
          create: [
            {
              companyId,
              moref: 'vm-1',
              name: 'foreign-vm',
              cpus: 1,
              memoryMb: 512,
              powerState: 'poweredOn',
              ipAddresses: [],
              disks: [],
              nics: [],
              discoveredAt: new Date(),
            },
          ],
        },
      },
      include: { vms: true },
    });
    const project = await ctx.prisma.esxiProject.create({
      data: {
        companyId,
        sourceId: source.id,
        name: ctx.unique('foreign-project'),
        clusterId: '00000000-0000-4000-8000-000000000000',
        node: 'pve1',
        storage: 'local-lvm',
        networks: [{ bridge: 'vmbr0' }],
        datastores: [],
        vms: { create: [{ companyId, esxiVmId: source.vms[0].id }] },
      },
      include: { vms: true },
    });
    return [source.id, source.vms[0].id, project.id, project.vms[0].id];
  },
  // Edge firewall (issue 21) with one change set; its API refuses at once (port 1).
  async (ctx, companyId) => {
    const cipher = ctx.app.get(SecretsCipher);
    const firewall = await ctx.prisma.firewall.create({
      data: {
        companyId,
        name: ctx.unique('foreign-fw'),
        url: 'https://127.0.0.1:1',
        apiKey: cipher.encrypt('not-a-key', 'firewall.api-key'),
        apiSecret: cipher.encrypt('not-a-secret', 'firewall.api-secret'),
        fingerprint: 'AB:'.repeat(31) + 'AB',
        changes: {
          create: [{ companyId, status: 'pending', operations: [], diff: [] }],
        },
      },
      include: { changes: true },
    });
    const deployment = await ctx.prisma.firewallDeployment.create({
      data: {
        companyId,
        firewallId: firewall.id,
        clusterId: '00000000-0000-4000-8000-000000000000',
        kind: 'deploy',
        status: 'succeeded',
        authMethod: 'api_key',
        steps: [{ step: 'clone', ms: 1, ok: true }],
        durationMs: 1,
      },
    });
    return [firewall.id, firewall.changes[0].id, deployment.id];
  },
  // Deployments (issue 24): one with a release still on its (unreachable) guest.
  async (ctx, companyId) => {
    const cipher = ctx.app.get(SecretsCipher);
    const d = await ctx.prisma.deployment.create({
      data: {
        companyId,
        name: 'foreign-app',
        repoUrl: 'https://git.example.test/foreign/app.git',
        ref: 'main',
        framework: 'express',
        guestId: randomUUID(),
        sshUser: 'root',
        port: 3000,
        installCommand: 'npm install',
        buildCommand: '',
        startCommand: 'node index.js',
        healthPath: '/',
        envKeys: [],
        envValues: cipher.encrypt('{}', 'deployment.env'),
        accessPublicKey: 'ssh-ed25519 AAAA foreign',
        accessPrivateKey: cipher.encrypt('not-a-key', 'deployment.access-key'),
        webhookSecret: cipher.encrypt('not-a-secret', 'deployment.webhook-secret'),
        status: 'RUNNING',
        releases: {
          create: [{ companyId, trigger: 'manual', status: 'SUCCEEDED', available: true }],
        },
      },
      include: { releases: true },
    });
    return [d.id, d.releases[0].id];
  },
];

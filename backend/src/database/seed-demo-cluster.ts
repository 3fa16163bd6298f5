import type { PrismaClient } from '../generated/prisma/client';
import type { SecretsCipherCore } from '../common/crypto/secrets-cipher';
import { probeFingerprint } from '../common/proxmox/tls-pinning';
import { DEMO_COMPANIES } from './seed';

// Registers the embedded simulator as the demo cluster (DEMO_MODE with SIM_URL). The worker's cluster
// scheduler then checks and syncs it like any other cluster, and the VMs demo seed hands its guests out.

export const DEMO_CLUSTER_NAME = 'Demo cluster';

export interface DemoClusterOptions {
  url: string;
  password: string;
  cipher: SecretsCipherCore;
}

export async function seedDemoCluster(prisma: PrismaClient, opts: DemoClusterOptions) {
  // Trust on first use is what a person confirms in the add-cluster wizard; the demo is our own peer.
  // Re-probed on every seed because a simulator without --state makes a new certificate each start.
  const { fingerprint } = await probeFingerprint(opts.url);
  const fields = {
    endpoints: [{ url: opts.url }],
    fingerprint,
    authType: 'password',
    authUser: 'root@pam',
    secret: opts.cipher.encrypt(opts.password, 'cluster.secret'),
  };
  const cluster = await prisma.cluster.upsert({
    where: { name: DEMO_CLUSTER_NAME },
    create: {
      name: DEMO_CLUSTER_NAME,
      location: 'Embedded Proxmox VE simulator',
      tags: ['demo', 'simulator'],
      ...fields,
    },
    update: fields,
  });
  const companies = await prisma.company.findMany({
    where: { slug: { in: DEMO_COMPANIES.map((c) => c.slug) } },
    select: { id: true },
  });
  await prisma.clusterCompany.createMany({
    data: companies.map((c) => ({ clusterId: cluster.id, companyId: c.id })),
    skipDuplicates: true,
  });
  return cluster;
}

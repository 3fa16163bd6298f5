import { createServer } from 'node:net';
import type { VmsHarness } from './vms-harness';

// Shared set-up of the edge-firewall deployment suites (firewall-deploy, firewall-edge-sdn).

/** A free TCP port on 127.0.0.1: the booted firewall's web GUI/API port. */
export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

/** A unique firewall host name (lower-case letters, digits and -). */
export const firewallName = (h: VmsHarness, label: string) =>
  h.ctx
    .unique(label)
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '')
    .slice(0, 40);

/** The companies may use the harness's cluster; the MSP's OPNsense image is template `vmid` on it. */
export async function prepareEdgeCluster(
  h: VmsHarness,
  companyIds: string[],
  vmid: number,
): Promise<void> {
  await h.ctx.prisma.cluster
    .update({
      where: { id: h.clusterId },
      data: { allowedCompanies: { create: companyIds.map((companyId) => ({ companyId })) } },
    })
    .catch(() => undefined);
  const base = h.rt.state.guests.get(9000)!;
  h.rt.state.guests.set(vmid, {
    ...structuredClone(base),
    vmid,
    config: { ...structuredClone(base.config), name: 'opnsense-26.1', ostype: 'other' },
  });
  delete h.rt.state.guests.get(vmid)!.config.ide2;
  h.rt.changed();
}

/** Scans the cluster's templates and lets `companyIds` use its QEMU template that is not OPNsense. */
export async function guestTemplateFor(h: VmsHarness, companyIds: string[]): Promise<string> {
  const scan = await h.ctx.http
    .post('/api/templates/scan')
    .set(h.admin.auth)
    .send({ clusterId: h.clusterId });
  const job = await h.waitJob(scan.body.job.id);
  if (job.status !== 'succeeded') throw new Error(`the template scan ${job.status}`);
  const list = await h.ctx.http
    .get('/api/templates')
    .query({ clusterId: h.clusterId, pageSize: 200 })
    .set(h.admin.auth);
  const id: string = list.body.items.find(
    (t: { kind: string; clusterId: string; name: string }) =>
      t.kind === 'qemu' && t.clusterId === h.clusterId && !/opnsense/i.test(t.name),
  ).id;
  await h.ctx.http
    .put(`/api/templates/${id}`)
    .set(h.admin.auth)
    .send({ allowedCompanyIds: companyIds });
  return id;
}

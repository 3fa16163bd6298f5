import type { TemplateDto, TemplatePage, VmDetail, VmSummary } from '@multpanel/contracts';
import { ACME_ID, CLUSTER_ID, VM_ID } from '@/testing/fixtures';

// Ids, the Acme admin session and the job fixture are shared by every feature's tests.
export { ACME_ID, CLUSTER_ID, VM_ID, acmeAdminSession, job } from '@/testing/fixtures';
export const TEMPLATE_ID = '33333333-3333-4333-8333-333333333333';

export const vmSummary = (over: Partial<VmSummary> = {}): VmSummary => ({
  id: VM_ID,
  vmid: 101,
  kind: 'qemu',
  name: 'web-1',
  status: 'running',
  companyId: ACME_ID,
  companyName: 'Acme Corp',
  clusterId: CLUSTER_ID,
  clusterName: 'demo',
  node: 'pve1',
  cpus: 2,
  maxmem: 2 * 1024 ** 3,
  maxdisk: 32 * 1024 ** 3,
  tags: ['web'],
  template: false,
  lock: null,
  updatedAt: '2026-01-01T10:00:00.000Z',
  ...over,
});

export const vmDetail = (over: Partial<VmDetail> = {}): VmDetail => ({
  ...vmSummary(),
  live: {
    status: 'running',
    uptime: 3600,
    cpu: 0.12,
    cpus: 2,
    mem: 1024 ** 3,
    maxmem: 2 * 1024 ** 3,
    disk: 0,
    maxdisk: 32 * 1024 ** 3,
    netin: 1000,
    netout: 2000,
  },
  config: {
    cores: 2,
    sockets: 1,
    memoryMb: 2048,
    onboot: false,
    description: null,
    disks: [
      { key: 'scsi0', storage: 'local-lvm', sizeGb: 32, raw: 'local-lvm:vm-101-disk-0,size=32G' },
    ],
    networks: [
      {
        key: 'net0',
        model: 'virtio',
        bridge: 'vmbr0',
        vlan: null,
        mac: 'BC:24:11:00:00:01',
        raw: '',
      },
    ],
    cloudInit: {},
    hasPassword: false,
    osType: 'l26',
    cdroms: [],
    bootOrder: ['scsi0', 'net0'],
  },
  clusterStatus: 'online',
  rights: ['view', 'console', 'power', 'snapshot', 'backup', 'edit'],
  addresses: [{ name: 'eth0', ipv4: ['10.0.0.5'], ipv6: ['2001:db8::5'] }],
  ...over,
});

export const template = (over: Partial<TemplateDto> = {}): TemplateDto => ({
  id: TEMPLATE_ID,
  clusterId: CLUSTER_ID,
  clusterName: 'demo',
  node: 'pve1',
  vmid: 9000,
  kind: 'qemu',
  name: 'debian-12-cloud',
  windowsGpu: false,
  lastSeenAt: '2026-01-01T10:00:00.000Z',
  ...over,
});

/** GET /api/templates answers one page; pickers ask for the largest. */
export const templatePage = (items: TemplateDto[]): TemplatePage => ({
  items,
  total: items.length,
  page: 1,
  pageSize: 200,
});

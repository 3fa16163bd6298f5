import { bulkCreateVmSchema, createVmSchema, type CreateVmInput } from '@multpanel/contracts';
import { z } from 'zod';
import { oneOf } from '@/lib/use-list-params';
import { bridgeField, NIC_MODELS, vlanField } from '../vm-schemas';

/** Form state of the create wizard: text inputs stay strings until the review step converts them. */
export interface WizardValues {
  companyId: string;
  kind: 'qemu' | 'lxc';
  sourceType: 'template' | 'iso' | 'ostemplate';
  templateId: string;
  fullClone: boolean;
  isoVolid: string;
  ostemplateVolid: string;
  placement: 'auto' | 'manual';
  clusterId: string;
  node: string;
  name: string;
  /** Bulk create: how many guests (1 = one guest named `name`; N > 1 = `<name>-1..N`). */
  count: string;
  cores: string;
  /** Memory in GiB (decimals allowed: 0.5 = 512 MiB); the API takes MiB. */
  memoryGb: string;
  diskGb: string;
  storage: string;
  /** Cluster PCI mapping id; only offered for "Windows + GPU" templates. */
  gpuMapping: string;
  /** ipamRangeId: an IPAM range the NIC takes its address (and VLAN) from; '' = none. */
  networks: Array<{ bridge: string; vlan: string; model: string; ipamRangeId: string }>;
  ciUser: string;
  ciPassword: string;
  ciSshKeys: string;
  ciIp: string;
  ciGw: string;
  dnsServers: string;
  searchDomain: string;
  tags: string;
  description: string;
  start: boolean;
}

export const WIZARD_STEPS = [
  'kind',
  'source',
  'placement',
  'resources',
  'network',
  'cloudInit',
  'review',
] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];

/** Most guests one bulk create makes (the API's `bulkCreateVmSchema` limit). */
export const MAX_BULK = 20;

/** More than one guest: the wizard sends a bulk create. */
export const isBulk = (count: string): boolean => Number(count) > 1;

/** The names a bulk create gives: `<name>-1..N`. */
export const bulkNames = (name: string, count: number): string[] =>
  Array.from({ length: count }, (_, i) => `${name}-${i + 1}`);

/** Sizes a new guest starts with, per kind: a container needs far less than a VM. */
export const KIND_DEFAULTS = {
  qemu: { cores: '2', memoryGb: '2', diskGb: '20' },
  lxc: { cores: '1', memoryGb: '1', diskGb: '8' },
} as const satisfies Record<'qemu' | 'lxc', Pick<WizardValues, 'cores' | 'memoryGb' | 'diskGb'>>;

export const defaultWizardValues = (companyId = ''): WizardValues => ({
  companyId,
  kind: 'qemu',
  sourceType: 'template',
  templateId: '',
  fullClone: true,
  isoVolid: '',
  ostemplateVolid: '',
  placement: 'auto',
  clusterId: '',
  node: '',
  name: '',
  count: '1',
  ...KIND_DEFAULTS.qemu,
  storage: '',
  gpuMapping: '',
  networks: [{ bridge: 'vmbr0', vlan: '', model: 'virtio', ipamRangeId: '' }],
  ciUser: '',
  ciPassword: '',
  ciSshKeys: '',
  ciIp: 'dhcp',
  ciGw: '',
  dnsServers: '',
  searchDomain: '',
  tags: '',
  description: '',
  start: true,
});

const required = z.string().trim().min(1, 'validation.required');
const intIn = (min: number, max: number, message: string) =>
  z
    .string()
    .trim()
    .refine((v) => /^\d+$/.test(v) && Number(v) >= min && Number(v) <= max, message);
const IPV4_CIDR = /^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** One schema per step, so "Next" only judges what the step shows. Messages are i18n keys. */
export const stepSchemas: Record<WizardStep, z.ZodType> = {
  kind: z.object({ companyId: required, kind: z.enum(['qemu', 'lxc']) }),
  source: z
    .object({
      kind: z.enum(['qemu', 'lxc']),
      sourceType: z.enum(['template', 'iso', 'ostemplate']),
      templateId: z.string(),
      isoVolid: z.string(),
      ostemplateVolid: z.string(),
      clusterId: z.string(),
    })
    .superRefine((v, ctx) => {
      const need = (path: string, ok: boolean, message = 'vms.validation.chooseSource') =>
        ok || ctx.addIssue({ code: 'custom', path: [path], message });
      if (v.sourceType === 'template') need('templateId', !!v.templateId);
      if (v.sourceType !== 'template')
        need('clusterId', !!v.clusterId, 'vms.validation.chooseCluster');
      if (v.sourceType === 'iso') need('isoVolid', !!v.isoVolid);
      if (v.sourceType === 'ostemplate') need('ostemplateVolid', !!v.ostemplateVolid);
    }),
  placement: z
    .object({ placement: z.enum(['auto', 'manual']), clusterId: z.string(), node: z.string() })
    .superRefine((v, ctx) => {
      if (v.placement !== 'manual') return;
      if (!v.clusterId)
        ctx.addIssue({
          code: 'custom',
          path: ['clusterId'],
          message: 'vms.validation.chooseCluster',
        });
      if (!/^[A-Za-z0-9][A-Za-z0-9.-]{0,62}$/.test(v.node))
        ctx.addIssue({ code: 'custom', path: ['node'], message: 'vms.validation.node' });
    }),
  resources: z
    .object({
      name: z
        .string()
        .trim()
        .regex(
          /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/,
          'vms.validation.name',
        )
        .max(63, 'vms.validation.name'),
      cores: intIn(1, 128, 'vms.validation.cores'),
      memoryGb: z
        .string()
        .trim()
        .refine(
          (v) => /^\d+(\.\d{1,3})?$/.test(v) && Number(v) >= 0.0625 && Number(v) <= 4096,
          'vms.validation.memoryGb',
        ),
      diskGb: intIn(1, 65_536, 'vms.validation.diskSize'),
      storage: z
        .string()
        .trim()
        .refine((v) => v === '' || /^[A-Za-z][A-Za-z0-9\-_.]*$/.test(v), 'vms.validation.storage'),
      gpuMapping: z
        .string()
        .trim()
        .refine(
          (v) => v === '' || /^[A-Za-z][A-Za-z0-9\-_]{0,63}$/.test(v),
          'vms.validation.gpuMapping',
        ),
      count: intIn(1, MAX_BULK, 'vms.validation.count'),
    })
    // N numbered names must still fit 63 characters ("web" → "web-12").
    .refine((v) => !isBulk(v.count) || v.name.trim().length + 1 + v.count.trim().length <= 63, {
      path: ['name'],
      message: 'vms.validation.bulkName',
    }),
  network: z.object({
    networks: z
      .array(
        z.object({
          bridge: bridgeField,
          vlan: vlanField,
          model: z.string(),
          ipamRangeId: z.string(),
        }),
      )
      .max(8),
  }),
  cloudInit: z.object({
    ciUser: z.string().trim().max(64),
    ciPassword: z
      .string()
      .refine((v) => v === '' || (v.length >= 6 && v.length <= 128), 'vms.validation.ciPassword'),
    ciIp: z
      .string()
      .trim()
      .refine((v) => v === '' || v === 'dhcp' || IPV4_CIDR.test(v), 'vms.validation.ip'),
    ciGw: z
      .string()
      .trim()
      .refine((v) => v === '' || IPV4.test(v), 'vms.validation.gateway'),
    dnsServers: z
      .string()
      .trim()
      .refine(
        (v) => v === '' || v.split(/[\s,]+/).every((s) => /^[0-9a-fA-F.:]+$/.test(s)),
        'vms.validation.dns',
      ),
    tags: z
      .string()
      .refine(
        (v) => splitList(v).every((tag) => /^[A-Za-z0-9_][A-Za-z0-9_+.-]*$/.test(tag)),
        'vms.validation.tags',
      ),
  }),
  review: z.object({}),
};

/** "1.5" GiB → 1536 MiB. */
export const gibToMib = (gib: string): number => Math.round(Number(gib) * 1024);

export function splitList(value: string): string[] {
  return value
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Wizard strings → the API body; `createVmSchema` from contracts has the last word. */
export function toCreateInput(
  v: WizardValues,
  template?: { clusterId: string; windowsGpu: boolean },
): CreateVmInput {
  const templateClusterId = template?.clusterId;
  const source: CreateVmInput['source'] =
    v.sourceType === 'template'
      ? { type: 'template', templateId: v.templateId, full: v.fullClone }
      : v.sourceType === 'iso'
        ? { type: 'iso', isoVolid: v.isoVolid }
        : { type: 'ostemplate', volid: v.ostemplateVolid };
  const clusterId = v.sourceType === 'template' ? templateClusterId || v.clusterId : v.clusterId;
  const keys = v.ciSshKeys
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);
  const dns = splitList(v.dnsServers);
  const cloudInit = {
    ...(v.ciUser.trim() ? { user: v.ciUser.trim() } : {}),
    ...(v.ciPassword ? { password: v.ciPassword } : {}),
    ...(keys.length ? { sshKeys: keys } : {}),
    ...(v.ciIp.trim()
      ? { ipConfig: [{ ip: v.ciIp.trim(), ...(v.ciGw.trim() ? { gw: v.ciGw.trim() } : {}) }] }
      : {}),
    ...(dns.length || v.searchDomain.trim()
      ? {
          dns: {
            ...(dns.length ? { servers: dns } : {}),
            ...(v.searchDomain.trim() ? { searchDomain: v.searchDomain.trim() } : {}),
          },
        }
      : {}),
  };
  const tags = splitList(v.tags);
  return {
    companyId: v.companyId,
    kind: v.kind,
    source,
    ...(clusterId ? { clusterId } : {}),
    ...(v.placement === 'manual' && v.node ? { node: v.node.trim() } : {}),
    name: v.name.trim(),
    cores: Number(v.cores),
    memoryMb: gibToMib(v.memoryGb),
    disks: [
      { sizeGb: Number(v.diskGb), ...(v.storage.trim() ? { storage: v.storage.trim() } : {}) },
    ],
    networks: v.networks.map((n) => {
      const model = oneOf(NIC_MODELS, n.model);
      return {
        bridge: n.bridge.trim(),
        ...(n.vlan.trim() ? { vlan: Number(n.vlan) } : {}),
        ...(model ? { model } : {}),
        ...(n.ipamRangeId ? { ipamRangeId: n.ipamRangeId } : {}),
      };
    }),
    ...(Object.keys(cloudInit).length ? { cloudInit } : {}),
    ...(tags.length ? { tags } : {}),
    ...(v.description.trim() ? { description: v.description.trim() } : {}),
    start: v.start,
    ...(template?.windowsGpu && v.sourceType === 'template' && v.gpuMapping.trim()
      ? { gpuMapping: v.gpuMapping.trim() }
      : {}),
  };
}

/** Runs the shared contract schema; returns its messages (empty = the API will accept the shape). */
export function contractProblems(input: CreateVmInput): string[] {
  const result = createVmSchema.safeParse(input);
  return result.success
    ? []
    : result.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`);
}

/** The same for a bulk create of `count` guests (`bulkCreateVmSchema`: count, numbered names). */
export function bulkProblems(input: CreateVmInput, count: number): string[] {
  const result = bulkCreateVmSchema.safeParse({ count, vm: input });
  return result.success
    ? []
    : result.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`);
}

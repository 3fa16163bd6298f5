import { vmNetworkSchema } from '@multpanel/contracts';
import { z } from 'zod';

/** NIC models the API accepts. */
export const NIC_MODELS = vmNetworkSchema.shape.model.unwrap().options;
export type NicModel = (typeof NIC_MODELS)[number];

/** Proxmox accepts VLAN tags 1-4094 (0 and 4095 are reserved). */
export const vlanField = z
  .string()
  .trim()
  .refine(
    (v) => v === '' || (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 4094),
    'vms.validation.vlan',
  );

export const bridgeField = z
  .string()
  .trim()
  .regex(/^[A-Za-z][A-Za-z0-9_.-]{0,14}$/, 'vms.validation.bridge');

export const networkSchema = z.object({
  bridge: bridgeField,
  vlan: vlanField,
  model: z.string().trim().max(16),
});
export type NetworkValues = z.infer<typeof networkSchema>;

/** Whole numbers typed into text inputs stay strings in the form; the schema checks the range. */
const wholeIn = (min: number, max: number, message: string) =>
  z
    .string()
    .trim()
    .refine((v) => /^\d+$/.test(v) && Number(v) >= min && Number(v) <= max, message);

export const hardwareSchema = z.object({
  cores: wholeIn(1, 128, 'vms.validation.cores'),
  memoryMb: wholeIn(64, 4_194_304, 'vms.validation.memory'),
});
export type HardwareValues = z.infer<typeof hardwareSchema>;

/** A disk can only grow: the new size must be above the current one (Proxmox cannot shrink). */
export const growDiskSchema = (currentGb: number) =>
  z.object({
    sizeGb: z
      .string()
      .trim()
      .refine((v) => /^\d+$/.test(v) && Number(v) <= 65_536, 'vms.validation.diskSize')
      .refine((v) => !/^\d+$/.test(v) || Number(v) > currentGb, 'vms.validation.diskShrink'),
  });
export type GrowDiskValues = z.infer<ReturnType<typeof growDiskSchema>>;

export const snapshotSchema = z.object({
  name: z
    .string()
    .trim()
    .regex(/^[A-Za-z][A-Za-z0-9_-]{1,39}$/, 'vms.snapshots.nameHelp'),
  description: z.string().trim().max(200),
  includeRam: z.boolean(),
});
export type SnapshotValues = z.infer<typeof snapshotSchema>;

export const toNetworkInput = (n: NetworkValues) => ({
  bridge: n.bridge,
  ...(n.vlan ? { vlan: Number(n.vlan) } : {}),
  // A model read from Proxmox that the API does not offer is sent as is: the API refuses it with a
  // clear 400 instead of the NIC silently becoming virtio.
  ...(n.model ? { model: n.model as NicModel } : {}),
});

/** Notes shown on the guest page (Proxmox `description`). */
export const notesSchema = z.object({
  description: z.string().max(8192, 'vms.validation.notes'),
});
export type NotesValues = z.infer<typeof notesSchema>;

/** A new disk: a storage of the guest's node and a size; containers also take a mount path. */
export const addDiskFormSchema = z.object({
  storage: z.string().min(1, 'vms.validation.chooseStorage'),
  sizeGb: wholeIn(1, 65_536, 'vms.validation.diskSize'),
  mountPath: z
    .string()
    .trim()
    .refine(
      (v) =>
        v === '' || (/^\/[A-Za-z0-9._/-]*[A-Za-z0-9._-]$/.test(v) && !v.split('/').includes('..')),
      'vms.validation.mountPath',
    ),
});
export type AddDiskValues = z.infer<typeof addDiskFormSchema>;

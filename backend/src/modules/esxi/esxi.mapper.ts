import type {
  EsxiApiType,
  EsxiDatastore,
  EsxiDiscoveryChanges,
  EsxiDisk,
  EsxiInventoryDto,
  EsxiNetwork,
  EsxiNic,
  EsxiSourceDto,
  EsxiVmDto,
} from '@multpanel/contracts';
import type { EsxiSourceRow, EsxiVmRow } from './esxi.repository';
import type { DiscoveredVm } from './esxi-inventory';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Never the password. */
export function toSourceDto(r: EsxiSourceRow): EsxiSourceDto {
  return {
    id: r.id,
    companyId: r.companyId,
    name: r.name,
    host: r.host,
    port: r.port,
    username: r.username,
    fingerprint: r.fingerprint,
    apiType: (r.apiType as EsxiApiType | null) ?? null,
    version: r.version,
    vmCount: r.vmCount,
    lastTestAt: iso(r.lastTestAt),
    lastError: r.lastError,
    lastDiscoveryAt: iso(r.lastDiscoveryAt),
    createdAt: r.createdAt.toISOString(),
  };
}

export function toVmDto(r: EsxiVmRow): EsxiVmDto {
  return {
    id: r.id,
    ...toDiscovered(r),
    discoveredAt: r.discoveredAt.toISOString(),
  };
}

export function toDiscovered(r: EsxiVmRow): DiscoveredVm {
  return {
    moref: r.moref,
    name: r.name,
    uuid: r.uuid,
    guestOs: r.guestOs,
    guestOsName: r.guestOsName,
    firmware: r.firmware === 'efi' ? 'efi' : r.firmware === 'bios' ? 'bios' : null,
    cpus: r.cpus,
    memoryMb: r.memoryMb,
    powerState: r.powerState,
    toolsStatus: r.toolsStatus,
    ipAddresses: r.ipAddresses as string[],
    disks: r.disks as unknown as EsxiDisk[],
    nics: r.nics as unknown as EsxiNic[],
    snapshots: r.snapshots,
    vmxPath: r.vmxPath,
  };
}

export function toInventoryDto(r: EsxiSourceRow): EsxiInventoryDto {
  return {
    sourceId: r.id,
    discoveredAt: iso(r.lastDiscoveryAt),
    datastores: (r.datastores as unknown as EsxiDatastore[] | null) ?? [],
    networks: (r.networks as unknown as EsxiNetwork[] | null) ?? [],
    changes: (r.changes as unknown as EsxiDiscoveryChanges | null) ?? null,
  };
}

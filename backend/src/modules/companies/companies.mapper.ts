import type { CompanyView } from '@multpanel/contracts';
import type { CompanyRow } from './companies.repository';

export function toCompanyView(c: CompanyRow): CompanyView {
  return {
    id: c.id,
    name: c.name,
    slug: c.slug,
    status: c.status,
    contactName: c.contactName,
    contactEmail: c.contactEmail,
    contactPhone: c.contactPhone,
    address: c.address,
    notes: c.notes,
    maxGuests: c.maxGuests,
    maxVcpus: c.maxVcpus,
    maxMemoryMb: c.maxMemoryMb,
    maxDiskGb: c.maxDiskGb,
    require2fa: c.require2fa,
    requirePhishingResistantMfa: c.requirePhishingResistantMfa,
    mayOwnClusters: c.mayOwnClusters,
    suspendedAt: c.suspendedAt?.toISOString() ?? null,
    salespersonIds: c.salespersonAssignments.map((a) => a.userId),
    userCount: c._count.users,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

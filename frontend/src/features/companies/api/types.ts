export type CompanyStatus = 'active' | 'suspended';

export interface Company {
  id: string;
  name: string;
  slug?: string;
  status: CompanyStatus;
  contactName?: string | null;
  contactEmail?: string | null;
  contactPhone?: string | null;
  maxGuests?: number | null;
  maxVcpus?: number | null;
  maxMemoryMb?: number | null;
  maxDiskGb?: number | null;
  require2fa?: boolean;
  salespersonIds?: string[];
  createdAt?: string;
}

export interface CompanyInput {
  name: string;
  contactName?: string | null;
  contactEmail?: string | null;
  contactPhone?: string | null;
  maxGuests?: number | null;
  maxVcpus?: number | null;
  maxMemoryMb?: number | null;
  maxDiskGb?: number | null;
  require2fa?: boolean;
}

export const companyKeys = {
  all: ['companies'] as const,
  list: (params: object) => ['companies', 'list', params] as const,
  detail: (id: string) => ['companies', 'detail', id] as const,
  salespeople: ['companies', 'salespeople'] as const,
};

import type { Role } from '@multpanel/contracts';

export type UserStatus = 'active' | 'disabled' | 'invited';

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  status: UserStatus;
  companyId: string | null;
  companyName?: string | null;
  totpEnabled?: boolean;
  lastLoginAt?: string | null;
  createdAt?: string;
}

export interface UserInput {
  email: string;
  name: string;
  role: Role;
  companyId: string | null;
  password?: string;
}

export const userKeys = {
  all: ['users'] as const,
  list: (params: object) => ['users', 'list', params] as const,
  detail: (id: string) => ['users', 'detail', id] as const,
};

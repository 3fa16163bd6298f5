import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { profileKeys } from './keys';

export interface SessionInfo {
  id: string;
  ip?: string | null;
  userAgent?: string | null;
  createdAt?: string;
  lastUsedAt?: string | null;
  current?: boolean;
}

/** Accepts a bare array or a `{ items }` page, whichever the API returns. */
export const listSessions = async (): Promise<SessionInfo[]> => {
  const body = await api.get<SessionInfo[] | { items: SessionInfo[] }>('/auth/sessions');
  return Array.isArray(body) ? body : body.items;
};

export const sessionsQueryOptions = () =>
  queryOptions({ queryKey: profileKeys.sessions, queryFn: listSessions });

export const useSessions = () => useQuery(sessionsQueryOptions());

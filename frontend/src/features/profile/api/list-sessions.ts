import type { SessionView } from '@multpanel/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { profileKeys } from './keys';

/** The caller's signed-in sessions (`current` marks this one). */
export const listSessions = (): Promise<SessionView[]> => api.get<SessionView[]>('/auth/sessions');

export const sessionsQueryOptions = () =>
  queryOptions({ queryKey: profileKeys.sessions, queryFn: listSessions });

export const useSessions = () => useQuery(sessionsQueryOptions());

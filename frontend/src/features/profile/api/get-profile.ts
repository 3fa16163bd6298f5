import { queryOptions, useQuery } from '@tanstack/react-query';
import type { MeResponse } from '@multpanel/contracts';
import { api } from '@/lib/api-client';
import { profileKeys } from './keys';

/** `totpEnabled`/`totpRequired` are read when the API includes them; else 2FA state is unknown. */
export type Profile = MeResponse;

export const getProfile = (): Promise<Profile> => api.get<Profile>('/auth/me');

export const profileQueryOptions = () =>
  queryOptions({ queryKey: profileKeys.me, queryFn: getProfile });

export const useProfile = () => useQuery(profileQueryOptions());

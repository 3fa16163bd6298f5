import { queryOptions, useQuery } from '@tanstack/react-query';
import type { MeResponse } from '@multpanel/contracts';
import { api } from '@/lib/api-client';
import { profileKeys } from './keys';

/** `totpEnabled` is read when the API includes it; older answers leave 2FA state unknown. */
export type Profile = MeResponse & { user: MeResponse['user'] & { totpEnabled?: boolean } };

export const getProfile = (): Promise<Profile> => api.get<Profile>('/auth/me');

export const profileQueryOptions = () =>
  queryOptions({ queryKey: profileKeys.me, queryFn: getProfile });

export const useProfile = () => useQuery(profileQueryOptions());

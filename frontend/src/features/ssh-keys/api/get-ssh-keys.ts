import type { SshKeysOverview } from '@multpanel/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';

export const sshKeyKeys = {
  all: ['ssh-keys'] as const,
  overview: () => ['ssh-keys', 'overview'] as const,
};

export const getSshKeys = (): Promise<SshKeysOverview> => api.get<SshKeysOverview>('/ssh-keys');

/** The scheduled health check runs every 15 minutes; a minute's poll is fresh enough. */
export const sshKeysQueryOptions = () =>
  queryOptions({ queryKey: sshKeyKeys.overview(), queryFn: getSshKeys, refetchInterval: 60_000 });

export const useSshKeys = () => useQuery(sshKeysQueryOptions());

import type {
  UpdateChangelog,
  UpdateCheck,
  UpdateInfo,
  UpdateRun,
  UpdateRunDetail,
} from '@multpanel/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';

export const updateKeys = {
  all: ['system-updates'] as const,
  info: () => ['system-updates', 'info'] as const,
  check: () => ['system-updates', 'check'] as const,
  changelog: (version: string) => ['system-updates', 'changelog', version] as const,
  history: () => ['system-updates', 'history'] as const,
  run: (id: string) => ['system-updates', 'run', id] as const,
};

export const getUpdateInfo = () => api.get<UpdateInfo>('/system/updates/info');
export const checkForUpdates = () => api.get<UpdateCheck>('/system/updates/check');
export const getChangelog = (version: string) =>
  api.get<UpdateChangelog>(`/system/updates/changelog/${encodeURIComponent(version)}`);
export const getUpdateHistory = () => api.get<UpdateRun[]>('/system/updates/history');
export const getUpdateRun = (id: string) =>
  api.get<UpdateRunDetail>(`/system/updates/runs/${encodeURIComponent(id)}`);

export const useUpdateInfo = () =>
  useQuery(queryOptions({ queryKey: updateKeys.info(), queryFn: getUpdateInfo }));

/** Fetching the remote's tags takes a moment: only when the operator asks. */
export const useUpdateCheck = (enabled: boolean) =>
  useQuery({ queryKey: updateKeys.check(), queryFn: checkForUpdates, enabled, staleTime: 60_000 });

export const useChangelog = (version: string | null) =>
  useQuery({
    queryKey: updateKeys.changelog(version ?? ''),
    queryFn: () => getChangelog(version ?? ''),
    enabled: !!version,
  });

export const useUpdateHistory = () =>
  useQuery({ queryKey: updateKeys.history(), queryFn: getUpdateHistory });

import {
  keepPreviousData,
  queryOptions,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type {
  CreateSnapshotScheduleInput,
  SnapshotRunAccepted,
  SnapshotScheduleDto,
  SnapshotSchedulePage,
  UpdateSnapshotScheduleInput,
} from '@multpanel/contracts';
import { api } from '@/lib/api-client';
import { backupKeys } from './keys';

// Snapshot schedules: list, create, update (on/off), delete, run now.

export interface ListSnapshotSchedulesParams {
  page: number;
  pageSize: number;
}

const path = (id: string) => `/snapshot-schedules/${encodeURIComponent(id)}`;

export const listSnapshotSchedules = (
  params: ListSnapshotSchedulesParams,
): Promise<SnapshotSchedulePage> =>
  api.get<SnapshotSchedulePage>('/snapshot-schedules', { query: { ...params } });

export const listSnapshotSchedulesQueryOptions = (params: ListSnapshotSchedulesParams) =>
  queryOptions({
    queryKey: backupKeys.snapshotSchedules(params),
    queryFn: () => listSnapshotSchedules(params),
    placeholderData: keepPreviousData,
  });

export const useSnapshotSchedules = (params: ListSnapshotSchedulesParams) =>
  useQuery(listSnapshotSchedulesQueryOptions(params));

function useInvalidating<A, R>(fn: (a: A) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: backupKeys.all }),
  });
}

export const useCreateSnapshotSchedule = () =>
  useInvalidating((input: CreateSnapshotScheduleInput) =>
    api.post<SnapshotScheduleDto>('/snapshot-schedules', input),
  );

export const useUpdateSnapshotSchedule = () =>
  useInvalidating(({ id, input }: { id: string; input: UpdateSnapshotScheduleInput }) =>
    api.patch<SnapshotScheduleDto>(path(id), input),
  );

export const useDeleteSnapshotSchedule = () =>
  useInvalidating((id: string): Promise<void> => api.delete(path(id)));

export const useRunSnapshotSchedule = () =>
  useInvalidating((id: string) => api.post<SnapshotRunAccepted>(`${path(id)}/run`));

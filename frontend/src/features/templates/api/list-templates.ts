import type { MediaDto, TemplateDto } from '@multpanel/contracts';
import { useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';

export type { MediaDto, TemplateDto };

const toList = <T>(body: unknown): T[] =>
  Array.isArray(body) ? (body as T[]) : ((body as { items?: T[] })?.items ?? []);

export const templateKeys = {
  all: ['templates'] as const,
  list: (params: object) => ['templates', 'list', params] as const,
  media: (params: object) => ['templates', 'media', params] as const,
};

/** Templates this caller may clone from (the API filters by company allow-list). */
export const listTemplates = async (params: { clusterId?: string; companyId?: string }) =>
  toList<TemplateDto>(await api.get<unknown>('/templates', { query: { ...params } }));

export const useTemplates = (params: { clusterId?: string; companyId?: string }, enabled = true) =>
  useQuery({
    queryKey: templateKeys.list(params),
    queryFn: () => listTemplates(params),
    enabled,
  });

/** ISO images or container templates on one cluster's storages. */
export const listMedia = async (params: { clusterId: string; kind: 'iso' | 'vztmpl' }) =>
  toList<MediaDto>(await api.get<unknown>('/media', { query: { ...params } }));

export const useMedia = (params: { clusterId: string; kind: 'iso' | 'vztmpl' }, enabled = true) =>
  useQuery({
    queryKey: templateKeys.media(params),
    queryFn: () => listMedia(params),
    enabled: enabled && !!params.clusterId,
  });

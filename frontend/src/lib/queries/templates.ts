import type {
  MediaDto,
  mediaListQuerySchema,
  TemplateDto,
  templateListQuerySchema,
} from '@multpanel/contracts';
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '@/lib/api-client';

// Templates and install media: managed by the templates screen, offered by the create wizard.

export type { MediaDto, TemplateDto };

export type TemplateListParams = z.infer<typeof templateListQuerySchema>;
/** The SPA always says which kind of media it lists. */
export type MediaListParams = Required<z.infer<typeof mediaListQuerySchema>>;

export const templateKeys = {
  all: ['templates'] as const,
  list: (params: TemplateListParams) => ['templates', 'list', params] as const,
  media: (params: MediaListParams) => ['templates', 'media', params] as const,
};

/** Templates this caller may clone from (the API filters by company allow-list). */
export const listTemplates = (params: TemplateListParams) =>
  api.get<TemplateDto[]>('/templates', { query: { ...params } });

export const useTemplates = (params: TemplateListParams, enabled = true) =>
  useQuery({
    queryKey: templateKeys.list(params),
    queryFn: () => listTemplates(params),
    enabled,
  });

/** ISO images or container templates on one cluster's storages. */
export const listMedia = (params: MediaListParams) =>
  api.get<MediaDto[]>('/media', { query: { ...params } });

export const useMedia = (params: MediaListParams, enabled = true) =>
  useQuery({
    queryKey: templateKeys.media(params),
    queryFn: () => listMedia(params),
    enabled: enabled && !!params.clusterId,
  });

import type {
  MediaDto,
  mediaListQuerySchema,
  TemplateDto,
  templateListQuerySchema,
  TemplatePage,
} from '@multpanel/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '@/lib/api-client';

// Templates and install media: managed by the templates screen, offered by the create wizard.

export type { MediaDto, TemplateDto, TemplatePage };

/** Every parameter may be left to the API's default (first page of 50, by name). */
export type TemplateListParams = Partial<z.infer<typeof templateListQuerySchema>>;
/** The SPA always says which kind of media it lists. */
export type MediaListParams = Required<z.infer<typeof mediaListQuerySchema>>;

export const templateKeys = {
  all: ['templates'] as const,
  list: (params: TemplateListParams) => ['templates', 'list', params] as const,
  media: (params: MediaListParams) => ['templates', 'media', params] as const,
};

/** One page of the templates this caller may clone from (the API filters by allow-list). */
export const listTemplates = (params: TemplateListParams) =>
  api.get<TemplatePage>('/templates', { query: { ...params } });

export const useTemplates = (params: TemplateListParams, enabled = true) =>
  useQuery({
    queryKey: templateKeys.list(params),
    queryFn: () => listTemplates(params),
    enabled,
    placeholderData: keepPreviousData,
  });

/**
 * A company's templates for a picker: the first page of the largest size, by name. A company is
 * allowed a handful of templates, so one page holds them all; `total` tells if it did not.
 */
export const PICKER_PAGE_SIZE = 200;

export const useTemplateOptions = (companyId: string | undefined, enabled = true) => {
  const params: TemplateListParams = { companyId, pageSize: PICKER_PAGE_SIZE };
  return useQuery({
    queryKey: templateKeys.list(params),
    queryFn: () => listTemplates(params),
    select: (page) => page.items,
    enabled,
  });
};

/** ISO images or container templates on one cluster's storages. */
export const listMedia = (params: MediaListParams) =>
  api.get<MediaDto[]>('/media', { query: { ...params } });

export const useMedia = (params: MediaListParams, enabled = true) =>
  useQuery({
    queryKey: templateKeys.media(params),
    queryFn: () => listMedia(params),
    enabled: enabled && !!params.clusterId,
  });

import type { TemplateDto, TemplateScanStarted, UpdateTemplateInput } from '@multpanel/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { templateKeys } from '@/lib/queries/templates';

export const updateTemplate = ({ id, input }: { id: string; input: UpdateTemplateInput }) =>
  api.put<TemplateDto>(`/templates/${encodeURIComponent(id)}`, input);

export function useUpdateTemplate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateTemplate,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: templateKeys.all }),
  });
}

/** Starts a scan job (all clusters, or one); the answer carries the job to follow. */
export const scanTemplates = (clusterId?: string) =>
  api.post<TemplateScanStarted>('/templates/scan', clusterId ? { clusterId } : {});

export const useScanTemplates = () => useMutation({ mutationFn: scanTemplates });

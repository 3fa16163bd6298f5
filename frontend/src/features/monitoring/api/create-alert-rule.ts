import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { alertKeys, type AlertRuleDto, type CreateAlertRuleInput } from './types';

export const createAlertRule = (input: Partial<CreateAlertRuleInput>) =>
  api.post<AlertRuleDto>('/alert-rules', input);

export function useCreateAlertRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createAlertRule,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: alertKeys.rules() }),
  });
}

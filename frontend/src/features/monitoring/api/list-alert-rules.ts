import { useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { alertKeys, type AlertRuleDto } from './types';

export const listAlertRules = () => api.get<AlertRuleDto[]>('/alert-rules');

export const useAlertRules = () =>
  useQuery({ queryKey: alertKeys.rules(), queryFn: listAlertRules });

import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api-client';

export const testChannel = (id: string) =>
  api.post<{ deliveryId: string }>(`/notification-channels/${encodeURIComponent(id)}/test`);

export const useTestChannel = () => useMutation({ mutationFn: testChannel });

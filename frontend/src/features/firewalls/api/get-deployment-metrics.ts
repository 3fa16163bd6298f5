import type { FirewallDeployMetricsDto } from '@multpanel/contracts';
import { useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { firewallKeys } from './list-firewalls';

/** Deployment figures by auth method and change-set latency: of one firewall, or of all the caller sees. */
export const useDeploymentMetrics = (firewallId?: string) =>
  useQuery({
    queryKey: [...firewallKeys.all, 'deployment-metrics', firewallId ?? 'all'],
    queryFn: () =>
      api.get<FirewallDeployMetricsDto>(
        `/firewalls/deployments/metrics${firewallId ? `?firewallId=${encodeURIComponent(firewallId)}` : ''}`,
      ),
  });

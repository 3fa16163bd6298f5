import { RequirePermission } from '@/components/require-permission';
import type { FeatureModule } from '@/lib/feature-module';
import { perm } from '@/lib/permission-keys';

const page =
  (backTo: (p: Record<string, string>) => string, permission?: string, phone = false) =>
  async () => {
    const { ConsolePage } = await import('./components/console-page');
    return {
      Component: () =>
        permission ? (
          <RequirePermission permission={permission}>
            <ConsolePage backTo={backTo} phone={phone} />
          </RequirePermission>
        ) : (
          <ConsolePage backTo={backTo} phone={phone} />
        ),
    };
  };

/** Console routes: a guest's screen or shell, and (operators) a node shell. */
export const consoleFeature: FeatureModule = {
  id: 'console',
  routes: [
    { path: 'vms/:vmId/console', lazy: page((p) => `/vms/${p.vmId}`, perm.vmsConsole) },
    {
      path: 'clusters/:clusterId/nodes/:node/console',
      lazy: page((p) => `/clusters/${p.clusterId}`, perm.platformSettings),
    },
  ],
};

/** The same guest console on the phone view (/mobile/vms/:vmId/console). */
export const mobileConsoleFeature: FeatureModule = {
  id: 'mobile-console',
  routes: [
    {
      path: 'vms/:vmId/console',
      lazy: page((p) => `/mobile/vms/${p.vmId}`, perm.vmsConsole, true),
    },
  ],
};

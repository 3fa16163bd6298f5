import SupportAgentOutlined from '@mui/icons-material/SupportAgentOutlined';
import { lazy } from 'react';
import { RequirePermission } from '@/components/require-permission';
import type { FeatureModule } from '@/lib/feature-module';
import { perm } from '@/lib/permission-keys';

const OpenTicketForGuestButton = lazy(async () => ({
  default: (await import('./components/open-ticket-button')).OpenTicketForGuestButton,
}));
const OpenTicketForAlertButton = lazy(async () => ({
  default: (await import('./components/open-ticket-button')).OpenTicketForAlertButton,
}));
const OpenTicketForBackupRunButton = lazy(async () => ({
  default: (await import('./components/open-ticket-button')).OpenTicketForBackupRunButton,
}));
const OpenTicketForFirewallButton = lazy(async () => ({
  default: (await import('./components/open-ticket-button')).OpenTicketForFirewallButton,
}));
const OpenTicketForJobButton = lazy(async () => ({
  default: (await import('./components/open-ticket-button')).OpenTicketForJobButton,
}));

export const ticketsFeature: FeatureModule = {
  id: 'tickets',
  routes: [
    {
      path: 'tickets',
      children: [
        {
          index: true,
          lazy: async () => {
            const { TicketsListPage } = await import('./components/tickets-list');
            return {
              Component: () => (
                <RequirePermission permission={perm.ticketsRead}>
                  <TicketsListPage />
                </RequirePermission>
              ),
            };
          },
        },
        {
          path: 'new',
          lazy: async () => {
            const { TicketCreatePage } = await import('./components/ticket-create');
            return {
              Component: () => (
                <RequirePermission permission={perm.ticketsCreate}>
                  <TicketCreatePage />
                </RequirePermission>
              ),
            };
          },
        },
        {
          path: 'sla',
          lazy: async () => {
            const { SlaPage } = await import('./components/sla-page');
            return {
              Component: () => (
                <RequirePermission permission={perm.ticketsRead}>
                  <SlaPage />
                </RequirePermission>
              ),
            };
          },
        },
        {
          path: ':ticketId',
          lazy: async () => {
            const { TicketShowPage } = await import('./components/ticket-show');
            return {
              Component: () => (
                <RequirePermission permission={perm.ticketsRead}>
                  <TicketShowPage />
                </RequirePermission>
              ),
            };
          },
        },
      ],
    },
  ],
  nav: [
    {
      to: '/tickets',
      labelKey: 'tickets.nav',
      icon: <SupportAgentOutlined />,
      permission: perm.ticketsRead,
      order: 8,
    },
  ],
  slots: {
    'vm.show.actions': [{ component: OpenTicketForGuestButton, permission: perm.ticketsCreate }],
    'alert.show.actions': [{ component: OpenTicketForAlertButton, permission: perm.ticketsCreate }],
    'backup.run.actions': [
      { component: OpenTicketForBackupRunButton, permission: perm.ticketsCreate },
    ],
    'firewall.show.actions': [
      { component: OpenTicketForFirewallButton, permission: perm.ticketsCreate },
    ],
    'job.detail.actions': [{ component: OpenTicketForJobButton, permission: perm.ticketsCreate }],
  },
};

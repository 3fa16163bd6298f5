import SupportAgentOutlined from '@mui/icons-material/SupportAgentOutlined';
import { lazy } from 'react';
import type { FeatureModule } from '@/lib/feature-module';
import { perm } from '@/lib/permission-keys';

const MobileOpenTicketButton = lazy(async () => ({
  default: (await import('./mobile/mobile-open-ticket-button')).MobileOpenTicketButton,
}));

/** /mobile: my tickets, a new ticket (photo from the camera), a ticket with its replies. */
export const mobileTicketsFeature: FeatureModule = {
  id: 'mobile-tickets',
  routes: [
    {
      path: 'tickets',
      lazy: async () => ({
        Component: (await import('./mobile/mobile-tickets-page')).MobileTicketsPage,
      }),
    },
    {
      path: 'tickets/new',
      lazy: async () => ({
        Component: (await import('./mobile/mobile-ticket-new')).MobileTicketNewPage,
      }),
    },
    {
      path: 'tickets/:ticketId',
      lazy: async () => ({
        Component: (await import('./mobile/mobile-ticket-page')).MobileTicketPage,
      }),
    },
  ],
  nav: [
    {
      to: '/mobile/tickets',
      labelKey: 'nav.support',
      icon: <SupportAgentOutlined />,
      permission: perm.ticketsRead,
      order: 8,
    },
  ],
  // "Open a ticket" on a guest's phone page, linked to that guest.
  slots: {
    'mobile.vm.actions': [{ component: MobileOpenTicketButton, permission: perm.ticketsCreate }],
  },
};

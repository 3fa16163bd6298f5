import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { installFakeFetch } from '@/testing/fake-fetch';
import { companyView, sessionFor, userView } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';

const acme = companyView({
  id: '11111111-1111-4111-8111-111111111111',
  name: 'Acme Corp',
  slug: 'acme',
  contactEmail: 'it@acme.example',
  maxGuests: 10,
});

describe('company edit', () => {
  it('saves quotas and the 2FA requirement, and assigns salespeople', async () => {
    const net = installFakeFetch({
      'GET /api/companies/11111111-1111-4111-8111-111111111111': { body: acme },
      'PATCH /api/companies/11111111-1111-4111-8111-111111111111': (req) => ({
        body: { ...acme, ...(req.body as object) },
      }),
      'GET /api/companies': { body: { items: [acme], total: 1, page: 1, pageSize: 25 } },
      'GET /api/users': {
        body: {
          items: [
            userView({
              id: '55555555-5555-4555-8555-555555555555',
              name: 'Sam Sales',
              email: 'sales@demo.local',
              role: 'salesperson',
              companyId: null,
              companyName: null,
            }),
          ],
          total: 1,
          page: 1,
          pageSize: 200,
        },
      },
      'PUT /api/companies/11111111-1111-4111-8111-111111111111/salespeople': {
        body: { ...acme, salespersonIds: ['55555555-5555-4555-8555-555555555555'] },
      },
    });
    const user = userEvent.setup();
    const { router } = renderApp('/companies/11111111-1111-4111-8111-111111111111/edit', {
      session: sessionFor('super_admin'),
    });

    const quota = await screen.findByRole('textbox', { name: 'Max. virtual machines' });
    expect(quota).toHaveValue('10');
    // The SSO feature adds the company's directory card through the `company.edit` slot.
    expect(await screen.findByText('Microsoft Entra ID sign-in')).toBeInTheDocument();
    await user.clear(quota);
    await user.type(quota, 'ten');
    // The first "Save" belongs to the company form, the second to the salespeople card.
    await user.click(screen.getAllByRole('button', { name: 'Save' })[0]!);
    expect(await screen.findAllByText(/Enter a whole number/)).not.toHaveLength(0);
    expect(
      net.callsTo('PATCH', '/api/companies/11111111-1111-4111-8111-111111111111'),
    ).toHaveLength(0);

    // Salespeople first (the form navigates away after saving).
    await user.click(screen.getByRole('combobox', { name: 'Assigned salespeople' }));
    await user.click(await screen.findByRole('option', { name: /Sam Sales/ }));
    const card = screen.getByText('Salespeople').closest('.MuiCard-root') as HTMLElement;
    await user.click(within(card).getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(
        net.callsTo('PUT', '/api/companies/11111111-1111-4111-8111-111111111111/salespeople')[0]
          ?.body,
      ).toEqual({
        userIds: ['55555555-5555-4555-8555-555555555555'],
      }),
    );

    await user.clear(quota);
    await user.type(quota, '20');
    await user.click(screen.getByRole('switch', { name: /Require two-factor/ }));
    await user.click(screen.getAllByRole('button', { name: 'Save' })[0]!);
    await waitFor(() => expect(router.state.location.pathname).toBe('/companies'));
    expect(
      net.callsTo('PATCH', '/api/companies/11111111-1111-4111-8111-111111111111')[0]?.body,
    ).toMatchObject({
      name: 'Acme Corp',
      contactEmail: 'it@acme.example',
      maxGuests: 20,
      maxVcpus: null,
      require2fa: true,
    });
  });
});

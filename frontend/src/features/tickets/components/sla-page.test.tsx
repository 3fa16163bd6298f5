import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { ChannelDto, TicketSlaPolicyDto, TicketSlaReport } from '@multpanel/contracts';
import { installFakeFetch } from '@/testing/fake-fetch';
import { companyView, paged, sessionFor } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';

const ACME = '11111111-1111-4111-8111-111111111111';
const CHANNEL = '33333333-3333-4333-8333-333333333333';
const t = (firstResponseMinutes: number, resolutionMinutes: number) => ({
  firstResponseMinutes,
  resolutionMinutes,
});
// The MSP default the company falls back to (no policy of its own yet).
const fallback: TicketSlaPolicyDto = {
  companyId: ACME,
  own: false,
  targets: { low: t(480, 2400), normal: t(240, 960), high: t(60, 480), urgent: t(30, 240) },
  utcOffsetMinutes: 60,
  days: [null, [540, 1020], [540, 1020], [540, 1020], [540, 1020], [540, 1020], null],
  holidays: ['2026-12-25'],
  breachChannelIds: [],
};
const channel = (id: string, companyId: string | null, name: string): ChannelDto => ({
  id,
  companyId,
  name,
  type: 'email',
  to: ['ops@acme.test'],
  url: null,
  urlHost: null,
  createdAt: '2026-12-01T00:00:00.000Z',
});
const companies = {
  'GET /api/companies': {
    body: paged([companyView({ id: ACME, name: 'Acme Corp' })], { pageSize: 200 }),
  },
  'GET /api/tickets/sla-policies': { body: [] },
};

async function pickAcme(user: ReturnType<typeof userEvent.setup>) {
  // The page's lazy chunk loads first: slow on a loaded machine.
  await user.click(await screen.findByRole('combobox', { name: 'Policy of' }, { timeout: 15_000 }));
  await user.click(await screen.findByRole('option', { name: /^Acme Corp/ }));
}

describe('SLA page', () => {
  it('lets staff turn the default a company falls back to into its own policy', async () => {
    const net = installFakeFetch({
      ...companies,
      [`GET /api/companies/${ACME}/ticket-sla`]: { body: fallback },
      [`PUT /api/companies/${ACME}/ticket-sla`]: ({ body }) => ({
        body: { ...(body as object), companyId: ACME, own: true },
      }),
      'GET /api/notification-channels': {
        body: [
          channel(CHANNEL, ACME, 'Acme on-call'),
          channel('44444444-4444-4444-8444-444444444444', 'other', 'Not Acme'),
        ],
      },
    });
    const user = userEvent.setup();
    renderApp('/tickets/sla?tab=policies', { session: sessionFor('salesperson') });
    await pickAcme(user);
    expect(await screen.findByText(/uses the MSP default/)).toBeInTheDocument();

    const normal = screen.getByLabelText('First response minutes, Normal');
    await user.clear(normal);
    await user.type(normal, '120');
    await user.click(screen.getByRole('checkbox', { name: 'Saturday' }));
    const opens = screen.getByLabelText('Saturday opens');
    await user.clear(opens);
    await user.type(opens, '10:00');
    await user.type(screen.getByLabelText('Holidays'), '\n2026-12-26');
    await user.click(screen.getByRole('combobox', { name: 'Alert on breach' }));
    const options = await screen.findAllByRole('option');
    // Only the company's own channels are offered.
    expect(options.map((o) => o.textContent)).toEqual(['Acme on-call']);
    await user.click(options[0]!);
    await user.keyboard('{Escape}');
    await user.click(screen.getByRole('button', { name: 'Save policy' }));

    await waitFor(() =>
      expect(net.callsTo('PUT', `/api/companies/${ACME}/ticket-sla`)).toHaveLength(1),
    );
    // The body is what the contract accepts (fake-fetch checks it against API_BODIES too).
    expect(net.callsTo('PUT', `/api/companies/${ACME}/ticket-sla`)[0]!.body).toEqual({
      targets: { ...fallback.targets, normal: t(120, 960) },
      utcOffsetMinutes: 60,
      days: [null, [540, 1020], [540, 1020], [540, 1020], [540, 1020], [540, 1020], [600, 1020]],
      holidays: ['2026-12-25', '2026-12-26'],
      breachChannelIds: [CHANNEL],
    });
    expect(await screen.findByText('Policy saved.')).toBeInTheDocument();
    // Many fields typed into: slow on a loaded machine.
  }, 120_000);

  it('refuses a day that closes before it opens without calling the API, and removes an own policy', async () => {
    let removed = 0;
    const net = installFakeFetch({
      ...companies,
      // Own until removed; then the default it falls back to.
      [`GET /api/companies/${ACME}/ticket-sla`]: () => ({
        body: { ...fallback, own: removed === 0 },
      }),
      // The list of policies set names Acme's until it is removed.
      'GET /api/tickets/sla-policies': () => ({
        body: removed === 0 ? [{ ...fallback, own: true, companyName: 'Acme Corp' }] : [],
      }),
      [`DELETE /api/companies/${ACME}/ticket-sla`]: () => {
        removed++;
        return { status: 204 };
      },
      'GET /api/notification-channels': { body: [] },
    });
    const user = userEvent.setup();
    renderApp('/tickets/sla?tab=policies', { session: sessionFor('salesperson') });
    await pickAcme(user);
    const owner = screen.getByRole('combobox', { name: 'Policy of' });
    await waitFor(() => expect(owner).toHaveTextContent('Acme Corp — own policy'));
    const closes = await screen.findByLabelText('Monday closes');
    await user.clear(closes);
    await user.type(closes, '08:00');
    await user.click(screen.getByRole('button', { name: 'Save policy' }));
    expect(await screen.findByText(/the day must start before it ends/)).toBeInTheDocument();
    expect(net.callsTo('PUT', `/api/companies/${ACME}/ticket-sla`)).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: 'Remove policy' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Remove policy' }));
    await waitFor(() =>
      expect(net.callsTo('DELETE', `/api/companies/${ACME}/ticket-sla`)).toHaveLength(1),
    );
    // Afterwards the company shows the default it falls back to, and nothing left to remove.
    expect(await screen.findByText(/uses the MSP default/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Remove policy' })).not.toBeInTheDocument();
    await waitFor(() => expect(owner).toHaveTextContent(/^Acme Corp$/));
  }, 60_000);

  it('shows a company admin the month’s figures of their company, without the policies', async () => {
    const report: TicketSlaReport = {
      month: '2026-11',
      rows: [
        {
          companyId: ACME,
          companyName: 'Acme Corp',
          tickets: 12,
          firstResponseMetPct: 91.7,
          resolutionMetPct: null,
          firstResponseBreaches: 1,
          resolutionBreaches: 2,
        },
      ],
    };
    const net = installFakeFetch({ 'GET /api/tickets/sla-report': { body: report } });
    renderApp('/tickets/sla?month=2026-11', { session: sessionFor('company_admin') });
    const table = await screen.findByRole('table', { name: 'Figures' });
    const cells = within(table)
      .getAllByRole('cell')
      .map((c) => c.textContent);
    expect(cells).toEqual(['Acme Corp', '12', '91.7 %', '—', '3']);
    expect(screen.queryByRole('tab', { name: 'Policies' })).not.toBeInTheDocument();
    const call = net.callsTo('GET', '/api/tickets/sla-report')[0]!;
    expect(call.query.get('month')).toBe('2026-11');
    expect(call.query.get('companyId')).toBeNull();
  });
});

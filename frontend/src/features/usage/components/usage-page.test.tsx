import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { onTestFinished, describe, expect, it, vi } from 'vitest';
import { installFakeFetch } from '@/testing/fake-fetch';
import { ACME_ID, companyView, sessionFor } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';
import type { UsageStatement } from '../api/types';
import { usageFeature } from '../routes';

const GLOBEX_ID = '33333333-3333-4333-8333-333333333333';
const GUEST_ID = '44444444-4444-4444-8444-444444444444';

const statement = (over: Partial<UsageStatement> = {}): UsageStatement => ({
  companyId: GLOBEX_ID,
  month: '2026-02',
  hoursInMonth: 672,
  hoursSampled: 20,
  vcpuHours: 80,
  ramGbHours: 160,
  diskGbMonths: 1.9048,
  diskUsedGbMonths: null,
  backupGbMonths: 1.0417,
  publicIpMonths: 0.0833,
  guests: [
    { guestId: GUEST_ID, name: 'web-1', runningHours: 20 },
    { guestId: '55555555-5555-4555-8555-555555555555', name: null, runningHours: 4 },
  ],
  priced: null,
  ...over,
});
const priced: UsageStatement['priced'] = {
  currency: 'EUR',
  lines: [
    { item: 'vcpu', quantity: 80, unitPrice: 0.01, amount: 0.8 },
    { item: 'ram', quantity: 160, unitPrice: 0.005, amount: 0.8 },
    { item: 'disk', quantity: 1.9048, unitPrice: 0.05, amount: 0.1 },
    { item: 'backup', quantity: 1.0417, unitPrice: 0.1, amount: 0.1 },
    { item: 'publicIp', quantity: 0.0833, unitPrice: 2, amount: 0.17 },
  ],
  total: 1.97,
};
const companies = {
  items: [
    companyView({ id: ACME_ID, name: 'Acme Corp' }),
    companyView({ id: GLOBEX_ID, name: 'Globex' }),
  ],
  total: 2,
  page: 1,
  pageSize: 200,
};

function stubDownload() {
  const createObjectURL = vi.fn((_blob: Blob) => 'blob:csv');
  Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
  const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
  onTestFinished(() => {
    click.mockRestore();
    Reflect.deleteProperty(URL, 'createObjectURL');
    Reflect.deleteProperty(URL, 'revokeObjectURL');
  });
  return { createObjectURL, click };
}

describe('usage page', { timeout: 60_000 }, () => {
  it('staff pick a company and month, see the statement, download it and set its prices', async () => {
    let prices: unknown = null;
    const net = installFakeFetch({
      'GET /api/companies': { body: companies },
      'GET /api/usage/statements': (req) => ({
        body: statement({
          companyId: req.query.get('companyId')!,
          month: req.query.get('month')!,
          priced: prices ? priced : null,
        }),
      }),
      'GET /api/usage/statements.csv': { text: 'item,guest_id\nvcpu,,,80\n' },
      'GET /api/usage/statements.pdf': { text: '%PDF-1.7 statement' },
      [`GET /api/usage/prices/${GLOBEX_ID}`]: () => ({ body: prices }),
      [`PUT /api/usage/prices/${GLOBEX_ID}`]: (req) => {
        prices = { companyId: GLOBEX_ID, ...(req.body as object) };
        return { body: prices };
      },
    });
    const download = stubDownload();
    const user = userEvent.setup();
    const { router } = renderApp('/usage?month=2026-02', {
      session: sessionFor('super_admin', 'tok-usage'),
      consoleFeatures: [usageFeature],
    });

    expect(
      await screen.findByText('Pick a company to see its statement.', {}, { timeout: 15_000 }),
    ).toBeInTheDocument();
    expect(net.callsTo('GET', '/api/usage/statements')).toHaveLength(0);

    await user.click(screen.getByRole('combobox', { name: 'Company' }));
    await user.click(await screen.findByRole('option', { name: 'Globex' }));
    const totals = await screen.findByRole('table', { name: 'Totals' });
    expect(router.state.location.search).toContain(`companyId=${GLOBEX_ID}`);
    const call = net.callsTo('GET', '/api/usage/statements')[0]!;
    expect(call.query.get('companyId')).toBe(GLOBEX_ID);
    expect(call.query.get('month')).toBe('2026-02');
    expect(within(totals).getByRole('row', { name: /vCPU/ })).toHaveTextContent('vCPU80vCPU-hours');
    expect(within(totals).getByRole('row', { name: /Disk \(allocated/ })).toHaveTextContent(
      '1.9048',
    );
    expect(within(totals).getByRole('row', { name: /Disk \(used/ })).toHaveTextContent(
      'not reported',
    );
    expect(within(totals).getByRole('row', { name: /Backup storage/ })).toHaveTextContent(
      '1.0417GB-months',
    );
    expect(within(totals).getByRole('row', { name: /Public IPs/ })).toHaveTextContent(
      '0.0833IP-months',
    );
    expect(screen.getByText('20 of 672 hours sampled')).toBeInTheDocument();
    expect(screen.getByText('This company has no price list: quantities only.')).toBeVisible();
    const guests = screen.getByRole('table', { name: 'Running hours per guest' });
    expect(within(guests).getByRole('link', { name: 'web-1' })).toHaveAttribute(
      'href',
      `/vms/${GUEST_ID}`,
    );
    expect(guests).toHaveTextContent('Deleted guest 55555555-5555-4555-8555-555555555555');

    await user.click(screen.getByRole('button', { name: 'Download CSV' }));
    await waitFor(() => expect(download.createObjectURL).toHaveBeenCalledTimes(1));
    expect(await download.createObjectURL.mock.calls[0]![0].text()).toContain('vcpu,,,80');
    const csv = net.callsTo('GET', '/api/usage/statements.csv')[0]!;
    expect(csv.headers.authorization).toBe('Bearer tok-usage');
    expect(csv.query.get('companyId')).toBe(GLOBEX_ID);
    expect(csv.query.get('month')).toBe('2026-02');

    await user.click(screen.getByRole('button', { name: 'Download PDF' }));
    await waitFor(() => expect(download.createObjectURL).toHaveBeenCalledTimes(2));
    expect(await download.createObjectURL.mock.calls[1]![0].text()).toMatch(/^%PDF-/);
    const pdf = net.callsTo('GET', '/api/usage/statements.pdf')[0]!;
    expect(pdf.query.get('companyId')).toBe(GLOBEX_ID);
    expect(download.click).toHaveBeenCalledTimes(2);

    await user.click(screen.getByRole('button', { name: 'Price list' }));
    const dialog = await screen.findByRole('dialog', { name: 'Price list' });
    await user.type(within(dialog).getByRole('textbox', { name: 'Price per vCPU-hour' }), 'abc');
    await user.type(
      within(dialog).getByRole('textbox', { name: 'Price per RAM GB-hour' }),
      '0.005',
    );
    await user.type(
      within(dialog).getByRole('textbox', { name: 'Price per disk GB-month' }),
      '0.05',
    );
    await user.type(
      within(dialog).getByRole('textbox', { name: 'Price per backup storage GB-month' }),
      '0.1',
    );
    await user.type(
      within(dialog).getByRole('textbox', { name: 'Price per public IP-month' }),
      '2',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(
      await within(dialog).findByText('Enter a price of 0 or more, e.g. 0.01.'),
    ).toBeInTheDocument();
    expect(net.callsTo('PUT', `/api/usage/prices/${GLOBEX_ID}`)).toHaveLength(0);
    const vcpu = within(dialog).getByRole('textbox', { name: 'Price per vCPU-hour' });
    await user.clear(vcpu);
    await user.type(vcpu, '0.01');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(net.callsTo('PUT', `/api/usage/prices/${GLOBEX_ID}`)[0]!.body).toEqual({
      currency: 'EUR',
      vcpuHour: 0.01,
      ramGbHour: 0.005,
      diskGbMonth: 0.05,
      backupGbMonth: 0.1,
      publicIpMonth: 2,
    });
    // The statement is fetched again and now priced, backup storage and public IPs included.
    expect(await screen.findByRole('cell', { name: '€1.97' })).toBeInTheDocument();
    expect(screen.getByRole('row', { name: /Memory/ })).toHaveTextContent('€0.80');
    expect(screen.getByRole('row', { name: /Backup storage/ })).toHaveTextContent('0.1€0.10');
    expect(screen.getByRole('row', { name: /Public IPs/ })).toHaveTextContent('2€0.17');
  });

  it("a company admin sees its own company's statement without a picker or price list", async () => {
    const net = installFakeFetch({
      'GET /api/usage/statements': (req) => ({
        body: statement({ companyId: req.query.get('companyId')!, priced }),
      }),
    });
    renderApp('/usage?month=2026-02&companyId=' + GLOBEX_ID, {
      session: sessionFor('company_admin'),
      consoleFeatures: [usageFeature],
    });

    expect(
      await screen.findByRole('table', { name: 'Totals' }, { timeout: 15_000 }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('combobox', { name: 'Company' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Price list' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Download CSV' })).toBeEnabled();
    // The URL cannot point a customer at another company: its own id is asked for.
    const calls = net.callsTo('GET', '/api/usage/statements');
    expect(calls.map((c) => c.query.get('companyId'))).toEqual([ACME_ID]);
    expect(net.callsTo('GET', `/api/companies`)).toHaveLength(0);
    expect(screen.getByRole('cell', { name: '€1.97' })).toBeInTheDocument();
  });

  it('shows the API error for a month the server refuses', async () => {
    installFakeFetch({
      'GET /api/usage/statements': {
        status: 404,
        body: { statusCode: 404, code: 'NOT_FOUND', message: 'Company not found' },
      },
    });
    renderApp('/usage', { session: sessionFor('company_admin'), consoleFeatures: [usageFeature] });
    expect(
      await screen.findByText('Company not found', {}, { timeout: 15_000 }),
    ).toBeInTheDocument();
  });
});

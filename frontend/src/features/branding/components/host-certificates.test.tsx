import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { HostCertificateView } from '@multpanel/contracts';
import { installFakeFetch } from '@/testing/fake-fetch';
import { ACME_ID } from '@/testing/fixtures';
import { renderWithProviders } from '@/testing/render-app';
import { HostCertificates } from './host-certificates';

const PATH = `/api/companies/${ACME_ID}/branding/certificates`;
const JOB = '55555555-5555-4555-8555-555555555555';
const cert = (over: Partial<HostCertificateView>): HostCertificateView => ({
  host: 'portal.acme.example',
  status: 'none',
  notAfter: null,
  error: null,
  jobId: null,
  orderedAt: null,
  ...over,
});
const certificates = [
  cert({ host: 'portal.acme.example' }),
  cert({
    host: 'cloud.acme.example',
    status: 'issued',
    notAfter: '2027-03-01T12:00:00.000Z',
    jobId: JOB,
    orderedAt: '2026-12-01T12:00:00.000Z',
  }),
  cert({
    host: 'old.acme.example',
    status: 'failed',
    error: 'DNS problem: NXDOMAIN looking up A for old.acme.example',
    jobId: JOB,
    orderedAt: '2026-12-01T12:00:00.000Z',
  }),
  cert({
    host: 'new.acme.example',
    status: 'pending',
    jobId: JOB,
    orderedAt: '2026-12-07T12:00:00.000Z',
  }),
];

describe('host certificates on the branding page', () => {
  it('shows each host’s state and lets staff order one', async () => {
    let list = certificates;
    const fake = installFakeFetch({
      [`GET ${PATH}`]: () => ({ body: list }),
      [`POST ${PATH}`]: () => {
        list = [
          cert({ status: 'pending', jobId: JOB, orderedAt: '2026-12-07T12:00:00.000Z' }),
          ...list.slice(1),
        ];
        return { status: 202, body: list[0] };
      },
    });
    renderWithProviders(<HostCertificates companyId={ACME_ID} canOrder />);
    expect(await screen.findByText('portal.acme.example')).toBeInTheDocument();
    expect(screen.getByText('No certificate')).toBeInTheDocument();
    expect(screen.getByText(/^Issued until .*2027/)).toBeInTheDocument();
    expect(screen.getByText('Failed')).toBeInTheDocument();
    expect(screen.getByText(/NXDOMAIN looking up A for old\.acme\.example/)).toBeInTheDocument();
    expect(screen.getByText('Being ordered…')).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Order certificate for new.acme.example' }),
    ).toBeDisabled();

    await userEvent.click(
      screen.getByRole('button', { name: 'Order certificate for portal.acme.example' }),
    );
    await waitFor(() => expect(fake.callsTo('POST', PATH)).toHaveLength(1));
    expect(fake.callsTo('POST', PATH)[0].body).toEqual({ host: 'portal.acme.example' });
    await waitFor(() => expect(screen.getAllByText('Being ordered…')).toHaveLength(2));
    expect(screen.queryByText('No certificate')).toBeNull();
  });

  it('shows the company admin the states without the order button', async () => {
    installFakeFetch({ [`GET ${PATH}`]: { body: certificates } });
    renderWithProviders(<HostCertificates companyId={ACME_ID} canOrder={false} />);
    expect(await screen.findByText(/^Issued until/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Order certificate/ })).toBeNull();
  });
});

import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { installFakeFetch, type FakeRequest } from '@/testing/fake-fetch';
import { sessionFor } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';
import { clustersFeature } from '../routes';
import { FakeWebSocket } from '@/testing/fake-web-socket';
import { FIRST_PAINT } from '../testing/first-paint';

const CSV = [
  'name,endpoints,token_id,token_secret,fingerprint',
  'fra-1,https://10.0.0.1:8006,mp@pve!sync,s1,' + Array(32).fill('AA').join(':'),
  'ams-2,https://10.0.0.2:8006,not-a-token,s2,',
].join('\n');

const report = (dryRun: boolean) => ({
  dryRun,
  total: 2,
  valid: 1,
  created: dryRun ? 0 : 1,
  rows: [
    { line: 2, name: 'fra-1', ok: true, problems: [], ...(dryRun ? {} : { clusterId: 'c-fra' }) },
    {
      line: 3,
      name: 'ams-2',
      ok: false,
      problems: ['token_id must look like user@realm!tokenname', 'fingerprint is missing'],
    },
  ],
});

describe('cluster CSV import', { timeout: 60_000 }, () => {
  beforeEach(() => vi.stubGlobal('WebSocket', FakeWebSocket));

  it('shows the dry-run report per row, then imports the valid rows', async () => {
    const net = installFakeFetch({
      'POST /api/clusters/import': (req: FakeRequest) => ({
        body: report((req.body as { dryRun: boolean }).dryRun),
      }),
    });
    const user = userEvent.setup();
    renderApp('/clusters/import', {
      session: sessionFor('super_admin'),
      consoleFeatures: [clustersFeature],
    });

    const box = await screen.findByRole('textbox', { name: 'or paste the CSV here' }, FIRST_PAINT);
    await user.click(box);
    await user.paste(CSV);
    expect(screen.queryByRole('button', { name: /Import 1 valid row/ })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Check (dry run)' }));

    expect(await screen.findByTestId('csv-summary')).toHaveTextContent(
      '1 of 2 rows can be imported.',
    );
    expect(within(screen.getByTestId('csv-row-2')).getByText('OK')).toBeInTheDocument();
    const bad = screen.getByTestId('csv-row-3');
    expect(bad).toHaveTextContent('ams-2');
    expect(
      within(bad)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['token_id must look like user@realm!tokenname', 'fingerprint is missing']);
    expect(net.calls.filter((c) => c.method === 'POST').map((c) => c.body)).toEqual([
      { csv: CSV, dryRun: true },
    ]);

    await user.click(screen.getByRole('button', { name: 'Import 1 valid row' }));
    expect(await screen.findByText('1 of 2 clusters created.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'fra-1' })).toHaveAttribute('href', '/clusters/c-fra');
    expect(within(screen.getByTestId('csv-row-2')).getByText('Created')).toBeInTheDocument();
    expect(net.callsTo('POST', '/api/clusters/import').at(-1)?.body).toEqual({
      csv: CSV,
      dryRun: false,
    });
  });

  it('lists header problems the server reports', async () => {
    installFakeFetch({
      'POST /api/clusters/import': {
        status: 400,
        body: {
          statusCode: 400,
          code: 'VALIDATION_FAILED',
          message: 'The CSV header is not usable',
          details: { problems: ['missing column "endpoints"'] },
        },
      },
    });
    const user = userEvent.setup();
    renderApp('/clusters/import', {
      session: sessionFor('super_admin'),
      consoleFeatures: [clustersFeature],
    });
    await user.click(
      await screen.findByRole('textbox', { name: 'or paste the CSV here' }, FIRST_PAINT),
    );
    await user.paste('name\nfoo');
    await user.click(screen.getByRole('button', { name: 'Check (dry run)' }));
    expect(await screen.findByText('The CSV header is not usable')).toBeInTheDocument();
    expect(screen.getByText('missing column "endpoints"')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Import/ })).not.toBeInTheDocument();
  });
});

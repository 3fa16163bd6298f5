import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { EsxiProjectDto, EsxiProjectVmDto } from '@multpanel/contracts';
import { describe, expect, it } from 'vitest';
import { installFakeFetch } from '@/testing/fake-fetch';
import { ACME_ID, CLUSTER_ID, paged, sessionFor } from '@/testing/fixtures';
import { esxiVm } from '@/testing/fixtures-workloads';
import { renderApp } from '@/testing/render-app';
import { esxiFeature } from '../routes';

const PRJ = '0193a1b2-0000-7000-8000-0000000000b1';
const SRC = '0193a1b2-0000-7000-8000-0000000000e1';
const A = '0193a1b2-0000-7000-8000-0000000000a1';
const B = '0193a1b2-0000-7000-8000-0000000000a2';

const pvm = (over: Partial<EsxiProjectVmDto>): EsxiProjectVmDto => ({
  id: '0193a1b2-0000-7000-8000-0000000000c1',
  esxiVmId: A,
  name: 'web-01',
  wave: 1,
  position: 0,
  status: 'planned',
  progress: null,
  jobId: null,
  guestId: null,
  error: null,
  warnings: [],
  sizeBytes: 2 ** 30,
  startedAt: null,
  finishedAt: null,
  durationSeconds: null,
  sourceShutDown: false,
  agent: null,
  hints: [],
  ...over,
});
const project = (vms: EsxiProjectVmDto[]): EsxiProjectDto => ({
  id: PRJ,
  companyId: ACME_ID,
  sourceId: SRC,
  name: 'Acme off VMware',
  clusterId: CLUSTER_ID,
  node: 'pve1',
  storage: 'local-lvm',
  networks: [{ source: 'VM Network', bridge: 'vmbr0', vlan: 20 }],
  datastores: [{ datastore: 'ds2', storage: 'ceph' }],
  createdAt: '2026-12-06T09:00:00.000Z',
  vms,
});
const srcVm = (id: string, name: string) => esxiVm({ id, name });

describe('migration projects', () => {
  it(
    'plans a second VM into wave 1, saves, runs the wave and shows the per-VM report',
    { timeout: 180_000 },
    async () => {
      let current = project([pvm({})]);
      const net = installFakeFetch({
        [`GET /api/esxi-projects/${PRJ}`]: () => ({ body: current }),
        [`GET /api/esxi-sources/${SRC}/vms`]: {
          body: paged([srcVm(A, 'web-01'), srcVm(B, 'db-01')], { pageSize: 500 }),
        },
        [`PUT /api/esxi-projects/${PRJ}/vms`]: (req) => {
          const body = req.body as { vms: { esxiVmId: string; wave: number }[] };
          current = project(
            body.vms.map((v, i) =>
              pvm({
                id: `0193a1b2-0000-7000-8000-00000000c00${i}`,
                esxiVmId: v.esxiVmId,
                name: v.esxiVmId === A ? 'web-01' : 'db-01',
                wave: v.wave,
                position: i,
              }),
            ),
          );
          return { body: current };
        },
        [`POST /api/esxi-projects/${PRJ}/waves/1/rollback`]: () => {
          current = project(current.vms.map((v) => ({ ...v, status: 'rolled-back' })));
          return { body: { wave: 1, cancelled: 0, poweredOn: 1, errors: [], project: current } };
        },
        [`POST /api/esxi-projects/${PRJ}/waves/1/run`]: () => {
          current = project(
            current.vms.map((v) =>
              v.esxiVmId === A
                ? {
                    ...v,
                    jobId: 'job-a',
                    status: 'succeeded',
                    progress: 100,
                    durationSeconds: 12.5,
                    guestId: 'g1',
                    warnings: ['efi-state-lost'],
                    agent: { answered: true, addresses: ['10.20.0.5'], waitedSeconds: 4 },
                    hints: [
                      {
                        type: 'virtio-drivers',
                        message: 'Windows has no VirtIO drivers: mount the virtio-win ISO',
                      },
                    ],
                  }
                : { ...v, status: 'failed', jobId: 'job-b', error: 'Quota exceeded: memory' },
            ),
          );
          return { status: 202, body: { wave: 1, started: 1, refused: 1, project: current } };
        },
      });
      const user = userEvent.setup();
      renderApp(`/esxi-projects/${PRJ}`, {
        session: sessionFor('super_admin'),
        consoleFeatures: [esxiFeature],
      });
      expect(
        await screen.findByRole('heading', { name: 'Acme off VMware' }, { timeout: 15_000 }),
      ).toBeInTheDocument();
      expect(screen.getByText('VM Network → vmbr0 VLAN 20')).toBeInTheDocument();
      expect(screen.getByText('ds2 → ceph')).toBeInTheDocument();
      const dbCard = await screen.findByTestId('wave-vm-db-01');
      expect(within(screen.getByTestId('wave-1')).queryByText('db-01')).toBeNull();
      await user.click(within(dbCard).getByRole('combobox'));
      await user.click(await screen.findByRole('option', { name: 'Wave 1' }));
      expect(within(screen.getByTestId('wave-1')).getByText('db-01')).toBeInTheDocument();
      // A plan not saved yet cannot run.
      expect(screen.getByRole('button', { name: 'Run wave 1' })).toBeDisabled();
      await user.click(screen.getByRole('button', { name: 'Save plan' }));
      await waitFor(() =>
        expect(net.callsTo('PUT', `/api/esxi-projects/${PRJ}/vms`)).toHaveLength(1),
      );
      expect(net.callsTo('PUT', `/api/esxi-projects/${PRJ}/vms`)[0]!.body).toEqual({
        vms: [
          { esxiVmId: A, wave: 1 },
          { esxiVmId: B, wave: 1 },
        ],
      });
      await waitFor(() => expect(screen.getByRole('button', { name: 'Run wave 1' })).toBeEnabled());
      await user.click(screen.getByRole('button', { name: 'Run wave 1' }));
      const dialog = await screen.findByRole('dialog');
      expect(within(dialog).getByText(/Import the 2 VM\(s\) of wave 1/)).toBeInTheDocument();
      await user.click(within(dialog).getByLabelText('Start each guest once imported'));
      await user.click(within(dialog).getByLabelText(/Shut the source VMs down/));
      await user.click(within(dialog).getByLabelText(/Check that the guest agent answers/));
      await user.click(within(dialog).getByRole('button', { name: 'Run wave 1' }));
      await waitFor(() =>
        expect(net.callsTo('POST', `/api/esxi-projects/${PRJ}/waves/1/run`)).toHaveLength(1),
      );
      expect(net.callsTo('POST', `/api/esxi-projects/${PRJ}/waves/1/run`)[0]!.body).toEqual({
        start: true,
        shutdownSource: true,
        verifyAgentSeconds: 120,
      });
      expect(await screen.findByText('Wave 1: 1 import(s) started, 1 refused')).toBeInTheDocument();
      // The run dialog's closing transition keeps the page aria-hidden until it is gone.
      await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
      expect(await screen.findByText('Quota exceeded: memory')).toBeInTheDocument();
      expect(screen.getByText('12.5 s')).toBeInTheDocument();
      expect(screen.getByText('efi-state-lost')).toBeInTheDocument();
      expect(screen.getByText('answers (10.20.0.5)')).toBeInTheDocument();
      const checklist = screen.getByRole('region', {
        name: 'After the import: checklist per guest',
      });
      expect(
        within(checklist).getByText('Windows has no VirtIO drivers: mount the virtio-win ISO'),
      ).toBeInTheDocument();
      // Nothing left to run in the wave (one imported, one failed) until it is rolled back.
      expect(screen.getByRole('button', { name: 'Run wave 1' })).toBeDisabled();

      // Roll the wave back: the source VMs it shut down are powered on again.
      await user.click(await screen.findByRole('button', { name: 'Roll back wave 1' }));
      const confirm = await screen.findByRole('dialog');
      await user.click(within(confirm).getByRole('button', { name: 'Roll back wave 1' }));
      expect(
        await screen.findByText(
          'Wave 1 rolled back: 0 import(s) cancelled, 1 source VM(s) powered on',
        ),
      ).toBeInTheDocument();
      // A rolled-back wave can be run again.
      await waitFor(() => expect(screen.getByRole('button', { name: 'Run wave 1' })).toBeEnabled());
    },
  );

  it('shows a customer its project read-only', { timeout: 60_000 }, async () => {
    const net = installFakeFetch({
      [`GET /api/esxi-projects/${PRJ}`]: {
        body: project([pvm({ status: 'running', progress: 40, jobId: 'j1' })]),
      },
    });
    renderApp(`/esxi-projects/${PRJ}`, {
      session: sessionFor('company_admin'),
      consoleFeatures: [esxiFeature],
    });
    expect(
      await screen.findByTestId('wave-vm-web-01', {}, { timeout: 15_000 }),
    ).toBeInTheDocument();
    expect(screen.getAllByText('Running').length).toBeGreaterThan(0);
    expect(screen.queryByRole('button', { name: 'Run wave 1' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Save plan' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Cancel web-01' })).toBeNull();
    expect(net.calls.some((c) => c.path.startsWith('/api/esxi-sources'))).toBe(false);
  });

  it('lets staff cancel an import under way', { timeout: 120_000 }, async () => {
    const running = pvm({ status: 'queued', jobId: 'j1' });
    const net = installFakeFetch({
      [`GET /api/esxi-projects/${PRJ}`]: { body: project([running]) },
      [`GET /api/esxi-sources/${SRC}/vms`]: {
        body: paged([srcVm(A, 'web-01')], { pageSize: 500 }),
      },
      [`POST /api/esxi-projects/${PRJ}/vms/${running.id}/cancel`]: {
        body: project([{ ...running, status: 'cancelled' }]),
      },
    });
    const user = userEvent.setup();
    renderApp(`/esxi-projects/${PRJ}`, {
      session: sessionFor('super_admin'),
      consoleFeatures: [esxiFeature],
    });
    await user.click(
      await screen.findByRole('button', { name: 'Cancel web-01' }, { timeout: 15_000 }),
    );
    await waitFor(() =>
      expect(
        net.callsTo('POST', `/api/esxi-projects/${PRJ}/vms/${running.id}/cancel`),
      ).toHaveLength(1),
    );
  });
});

import AddOutlined from '@mui/icons-material/AddOutlined';
import DeleteOutline from '@mui/icons-material/DeleteOutline';
import EditOutlined from '@mui/icons-material/EditOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import { DataGrid, GridActionsCellItem, type GridColDef } from '@mui/x-data-grid';
import {
  FIREWALL_KINDS,
  FIREWALL_VIEWS,
  type FirewallChangeDto,
  type FirewallDeploymentDto,
  type FirewallKind,
  type FirewallOperation,
} from '@multpanel/contracts';
import { Permission } from '@multpanel/contracts/permissions';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { ErrorAlert } from '@/components/error-alert';
import { PageHeader } from '@/components/page-header';
import { Slot } from '@/lib/slots';
import { useAuthorization } from '@/lib/authorization';
import { useRevertChange } from '../api/change-sets';
import {
  useFirewall,
  useFirewallChanges,
  useFirewallDeployments,
  useFirewallItems,
} from '../api/get-firewall';
import {
  ChangeReviewDialog,
  DraftPanel,
  ItemEditorDialog,
  type FirewallRowData,
} from './change-set-editor';
import { DeploymentMetricsPanel } from './deployment-metrics';
import { FirewallStatus } from './firewalls-list';
import { formatDateTime } from '@/lib/format-time';

const DESCRIPTIONS = new Set(['description', 'descr']);

const isKind = (k: string): k is FirewallKind => (FIREWALL_KINDS as readonly string[]).includes(k);

function Items({
  id,
  kind,
  onAdd,
  onEdit,
  onDelete,
}: {
  id: string;
  kind: string;
  /** set for a managed kind when the caller may change the firewall */
  onAdd?: () => void;
  onEdit?: (row: FirewallRowData) => void;
  onDelete?: (row: FirewallRowData) => void;
}) {
  const { t } = useTranslation();
  const items = useFirewallItems(id, kind);
  const rows = items.data?.rows ?? [];
  // the description first: with many fields the grid scrolls sideways, and it names the row
  const fields = [...new Set(rows.flatMap((r) => Object.keys(r)))]
    .filter((f) => f !== 'uuid')
    .sort((a, b) => Number(DESCRIPTIONS.has(b)) - Number(DESCRIPTIONS.has(a)));
  const columns: GridColDef[] = fields.map((f) => ({
    field: f,
    headerName: f,
    minWidth: 120,
    flex: 1,
    // a lease's end comes as Unix seconds
    ...(kind === 'dhcp_leases' && f === 'expire'
      ? {
          valueFormatter: (v: unknown) =>
            typeof v === 'number' ? formatDateTime(new Date(v * 1000).toISOString()) : String(v),
        }
      : {}),
  }));
  // row actions first: they stay in view when the many fields scroll sideways
  if (onEdit && onDelete)
    columns.unshift({
      field: 'actions',
      type: 'actions',
      headerName: '',
      width: 90,
      getActions: ({ row }) => [
        <GridActionsCellItem
          key="edit"
          icon={<EditOutlined />}
          label={t('firewalls.editor.edit')}
          onClick={() => onEdit(row as FirewallRowData)}
        />,
        <GridActionsCellItem
          key="delete"
          icon={<DeleteOutline />}
          label={t('firewalls.editor.delete')}
          onClick={() => onDelete(row as FirewallRowData)}
        />,
      ],
    });
  // the error says why (a firewall too old for this kind answers FIREWALL_TOO_OLD): nothing to add
  if (items.error) return <ErrorAlert error={items.error} />;
  return (
    <>
      {onAdd && (
        <Button
          startIcon={<AddOutlined />}
          onClick={onAdd}
          sx={{ mb: 1 }}
          disabled={items.isLoading}
        >
          {t('firewalls.editor.add', { kind: t(`firewalls.kinds.${kind}`) })}
        </Button>
      )}
      <DataGrid
        autoHeight
        rows={rows}
        getRowId={(r) => String(r.uuid)}
        columns={columns}
        loading={items.isLoading}
        localeText={{ noRowsLabel: t('firewalls.noItems') }}
        hideFooter={rows.length <= 100}
      />
    </>
  );
}

export function FirewallShowPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const firewall = useFirewall(id);
  const changes = useFirewallChanges(id);
  const deployments = useFirewallDeployments(id);
  const [kind, setKind] = useState<string>('d_nat');
  const canManage = useAuthorization().has(Permission.FirewallManage);
  // the draft change set: operations gathered from the tabs, sent together for the preview
  const [draft, setDraft] = useState<FirewallOperation[]>([]);
  const [editing, setEditing] = useState<{ kind: FirewallKind; row: FirewallRowData | null }>();
  const [review, setReview] = useState<FirewallChangeDto>();
  const revert = useRevertChange(id);
  const reverted = new Set(
    (changes.data ?? [])
      .filter((c) => c.revertOfId && c.status !== 'failed')
      .map((c) => c.revertOfId),
  );
  const changeColumns: GridColDef<FirewallChangeDto>[] = [
    { field: 'status', headerName: t('firewalls.change.status'), width: 110 },
    {
      field: 'createdAt',
      headerName: t('firewalls.change.created'),
      width: 190,
      valueFormatter: (v: string) => formatDateTime(v),
    },
    {
      field: 'operations',
      headerName: t('firewalls.change.operations'),
      flex: 1,
      valueGetter: (_v, row) => row.operations.map((o) => `${o.op} ${o.kind}`).join(', '),
    },
    {
      field: 'durationMs',
      headerName: t('firewalls.change.duration'),
      width: 110,
      valueFormatter: (v: number | null) => (v === null ? '—' : `${v} ms`),
    },
    { field: 'note', headerName: t('firewalls.change.note'), flex: 1 },
    { field: 'reason', headerName: t('firewalls.change.reason'), flex: 1 },
  ];
  if (canManage)
    changeColumns.push({
      field: 'actions',
      headerName: '',
      width: 130,
      sortable: false,
      renderCell: ({ row }) =>
        row.status === 'pending' ? (
          <Button size="small" onClick={() => setReview(row)}>
            {t('firewalls.editor.review')}
          </Button>
        ) : row.status === 'applied' && !reverted.has(row.id) ? (
          <Button
            size="small"
            disabled={revert.isPending}
            onClick={() => revert.mutate(row.id, { onSuccess: (c) => setReview(c) })}
          >
            {t('firewalls.editor.revert')}
          </Button>
        ) : null,
    });
  const deployColumns: GridColDef<FirewallDeploymentDto>[] = [
    { field: 'status', headerName: t('firewalls.deployment.status'), width: 110 },
    {
      field: 'createdAt',
      headerName: t('firewalls.change.created'),
      width: 190,
      valueFormatter: (v: string) => formatDateTime(v),
    },
    {
      field: 'durationMs',
      headerName: t('firewalls.deployment.total'),
      width: 110,
      valueFormatter: (v: number | null) => (v === null ? '—' : `${(v / 1000).toFixed(1)} s`),
    },
    {
      field: 'authMethod',
      headerName: t('firewalls.deployment.auth'),
      width: 200,
      valueFormatter: (v: FirewallDeploymentDto['authMethod']) =>
        t(`firewalls.metrics.method.${v}`),
    },
    {
      field: 'steps',
      headerName: t('firewalls.deployment.steps'),
      flex: 2,
      // the credential a step used on the firewall follows its time
      valueGetter: (_v, row) =>
        row.steps
          .map((s) => `${s.step} ${s.ms} ms${s.auth ? ` (${s.auth})` : ''}${s.ok ? '' : ' ✗'}`)
          .join(' · '),
    },
    { field: 'error', headerName: t('firewalls.change.reason'), flex: 1 },
  ];
  if (firewall.error) return <ErrorAlert error={firewall.error} />;
  const fw = firewall.data;
  return (
    <>
      <PageHeader
        title={fw?.name ?? t('firewalls.title')}
        subtitle={fw ? `${fw.url} · OPNsense ${fw.version ?? '?'}` : undefined}
        actions={
          fw && (
            <Box sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
              <FirewallStatus status={fw.status} />
              <Slot name="firewall.show.actions" firewallId={fw.id} />
            </Box>
          )
        }
      />
      <Tabs value={kind} onChange={(_e, v: string) => setKind(v)} sx={{ mb: 2 }}>
        {[...FIREWALL_KINDS, ...FIREWALL_VIEWS].map((k) => (
          <Tab key={k} value={k} label={t(`firewalls.kinds.${k}`)} />
        ))}
      </Tabs>
      {id && (
        <DraftPanel
          firewallId={id}
          ops={draft}
          onRemove={(i) => setDraft((d) => d.filter((_o, j) => j !== i))}
          onDiscard={() => setDraft([])}
          onPreviewed={(c) => {
            setDraft([]);
            setReview(c);
          }}
        />
      )}
      {id && (
        <Items
          key={kind}
          id={id}
          kind={kind}
          {...(canManage && isKind(kind)
            ? {
                onAdd: () => setEditing({ kind, row: null }),
                onEdit: (row: FirewallRowData) => setEditing({ kind, row }),
                onDelete: (row: FirewallRowData) =>
                  setDraft((d) => [...d, { op: 'delete', kind, uuid: row.uuid }]),
              }
            : {})}
        />
      )}
      {editing && (
        <ItemEditorDialog
          firewallId={id}
          kind={editing.kind}
          row={editing.row}
          onClose={() => setEditing(undefined)}
          onSave={(op) => {
            setDraft((d) => [...d, op]);
            setEditing(undefined);
          }}
        />
      )}
      {review && (
        <ChangeReviewDialog firewallId={id} change={review} onClose={() => setReview(undefined)} />
      )}
      <Box sx={{ mt: 4 }}>
        <Typography variant="h6" sx={{ mb: 1 }}>
          {t('firewalls.changes')}
        </Typography>
        {revert.error && <ErrorAlert error={revert.error} />}
        <DataGrid
          autoHeight
          rows={changes.data ?? []}
          columns={changeColumns}
          loading={changes.isLoading}
          localeText={{ noRowsLabel: t('firewalls.noChanges') }}
        />
      </Box>
      <Box sx={{ mt: 4 }}>
        <Typography variant="h6" sx={{ mb: 1 }}>
          {t('firewalls.deployments')}
        </Typography>
        {id && <DeploymentMetricsPanel firewallId={id} />}
        <DataGrid
          autoHeight
          rows={deployments.data ?? []}
          columns={deployColumns}
          loading={deployments.isLoading}
          localeText={{ noRowsLabel: t('firewalls.noDeployments') }}
        />
      </Box>
    </>
  );
}

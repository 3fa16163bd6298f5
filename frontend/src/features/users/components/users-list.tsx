import Add from '@mui/icons-material/Add';
import BlockOutlined from '@mui/icons-material/BlockOutlined';
import EditOutlined from '@mui/icons-material/EditOutlined';
import PlayCircleOutline from '@mui/icons-material/PlayCircleOutline';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { ROLES, USER_STATUSES } from '@multpanel/contracts';
import { GridActionsCellItem, type GridColDef } from '@mui/x-data-grid';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useNavigate } from 'react-router-dom';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { ErrorAlert } from '@/components/error-alert';
import { PageHeader } from '@/components/page-header';
import { SearchField } from '@/components/search-field';
import { ServerDataGrid } from '@/components/server-data-grid';
import { useAuthorization } from '@/lib/authorization';
import { perm } from '@/lib/permission-keys';
import { useSession } from '@/lib/session-store';
import { oneOf, useListParams } from '@/lib/use-list-params';
import { useUsers } from '../api/list-users';
import { useSetUserStatus } from '../api/set-user-status';
import type { User } from '../api/types';

const statusColor = { active: 'success', disabled: 'default', invited: 'info' } as const;

export function UsersListPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const authz = useAuthorization();
  const session = useSession();
  const selfId = session.status === 'authenticated' ? session.user.id : null;
  const list = useListParams(['search', 'role', 'status'] as const);
  const users = useUsers({
    page: list.page,
    pageSize: list.pageSize,
    search: list.filters.search,
    role: oneOf(ROLES, list.filters.role),
    status: oneOf(USER_STATUSES, list.filters.status),
  });
  const statusMutation = useSetUserStatus();
  const [target, setTarget] = useState<User | null>(null);
  const canEdit = authz.has(perm.usersUpdate);

  const columns: GridColDef<User>[] = [
    { field: 'name', headerName: t('users.fields.name'), flex: 1, minWidth: 160 },
    { field: 'email', headerName: t('users.fields.email'), flex: 1, minWidth: 200 },
    {
      field: 'role',
      headerName: t('users.fields.role'),
      width: 150,
      valueGetter: (_value, row) => t(`roles.${row.role}`, { defaultValue: row.role }),
    },
    {
      field: 'companyName',
      headerName: t('users.fields.company'),
      flex: 1,
      minWidth: 140,
      valueGetter: (_value, row) =>
        row.companyName ?? (row.companyId ? '' : t('users.platformStaff')),
    },
    {
      field: 'status',
      headerName: t('users.fields.status'),
      width: 120,
      renderCell: ({ row }) => (
        <Chip
          variant="outlined"
          color={statusColor[row.status] ?? 'default'}
          label={t(`users.status.${row.status}`, { defaultValue: row.status })}
        />
      ),
    },
    {
      field: 'actions',
      type: 'actions',
      width: 100,
      getActions: ({ row }) =>
        canEdit
          ? [
              <GridActionsCellItem
                key="edit"
                icon={<EditOutlined />}
                label={t('common.edit')}
                onClick={() => void navigate(`/users/${row.id}/edit`)}
              />,
              ...(row.id === selfId
                ? []
                : [
                    <GridActionsCellItem
                      key="status"
                      icon={row.status === 'disabled' ? <PlayCircleOutline /> : <BlockOutlined />}
                      label={t(row.status === 'disabled' ? 'users.enable' : 'users.disable')}
                      onClick={() => {
                        statusMutation.reset();
                        setTarget(row);
                      }}
                    />,
                  ]),
            ]
          : [],
    },
  ];

  const disabling = target?.status !== 'disabled';

  return (
    <>
      <PageHeader
        title={t('users.title')}
        subtitle={t('users.subtitle')}
        actions={
          authz.has(perm.usersCreate) && (
            <Button variant="contained" startIcon={<Add />} component={RouterLink} to="/users/new">
              {t('users.create')}
            </Button>
          )
        }
      />
      <Box sx={{ display: 'flex', gap: 2, mb: 2, flexWrap: 'wrap' }}>
        <SearchField value={list.filters.search} onChange={(v) => list.setFilter('search', v)} />
        <TextField
          select
          label={t('users.fields.role')}
          value={list.filters.role}
          onChange={(e) => list.setFilter('role', e.target.value)}
          sx={{ width: 180 }}
        >
          <MenuItem value="">{t('common.all')}</MenuItem>
          {ROLES.map((r) => (
            <MenuItem key={r} value={r}>
              {t(`roles.${r}`)}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          label={t('users.fields.status')}
          value={list.filters.status}
          onChange={(e) => list.setFilter('status', e.target.value)}
          sx={{ width: 160 }}
        >
          <MenuItem value="">{t('common.all')}</MenuItem>
          {(['active', 'invited', 'disabled'] as const).map((s) => (
            <MenuItem key={s} value={s}>
              {t(`users.status.${s}`)}
            </MenuItem>
          ))}
        </TextField>
      </Box>
      <ErrorAlert error={users.error} sx={{ mb: 2 }} />
      <ServerDataGrid
        rows={users.data?.items ?? []}
        total={users.data?.total ?? 0}
        page={list.page}
        pageSize={list.pageSize}
        onPageChange={list.setPage}
        loading={users.isFetching}
        columns={columns}
        emptyLabel={t('users.empty')}
        aria-label={t('users.title')}
      />
      <ConfirmDialog
        open={!!target}
        title={t(disabling ? 'users.disableTitle' : 'users.enableTitle', { name: target?.name })}
        message={t(disabling ? 'users.disableMessage' : 'users.enableMessage', {
          email: target?.email,
        })}
        confirmLabel={t(disabling ? 'users.disable' : 'users.enable')}
        destructive={disabling}
        pending={statusMutation.isPending}
        error={statusMutation.error}
        onClose={() => setTarget(null)}
        onConfirm={() =>
          target &&
          statusMutation.mutate(
            { id: target.id, enabled: !disabling },
            { onSuccess: () => setTarget(null) },
          )
        }
      />
    </>
  );
}

import AddOutlined from '@mui/icons-material/AddOutlined';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import type { CustomRoleView } from '@multpanel/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { EmptyState } from '@/components/empty-state';
import { ErrorAlert } from '@/components/error-alert';
import { LoadingScreen } from '@/components/loading-screen';
import { PageHeader } from '@/components/page-header';
import { useAuthorization } from '@/lib/authorization';
import { permissionHelpKey, permissionLabelKey } from '@/lib/permission-catalogue';
import { perm } from '@/lib/permission-keys';
import { useRoles } from '../api/list-roles';
import { useCreateRole, useDeleteRole, useUpdateRole } from '../api/role-mutations';
import { AssignRoleDialog } from './assign-role-dialog';
import { RoleFormDialog, type RoleFormValue } from './role-form-dialog';

/** Custom roles: define, edit, assign, delete (a role in use is refused by the API: 409). */
export function RolesListPage() {
  const { t } = useTranslation();
  const authz = useAuthorization();
  const roles = useRoles();
  const create = useCreateRole();
  const update = useUpdateRole();
  const remove = useDeleteRole();
  const [editing, setEditing] = useState<CustomRoleView | 'new' | null>(null);
  const [deleting, setDeleting] = useState<CustomRoleView | null>(null);
  const [assigning, setAssigning] = useState<CustomRoleView | null>(null);
  // Platform-wide roles are the MSP's: others see and assign them but do not edit them.
  const editable = (r: CustomRoleView) => r.companyId !== null || authz.has(perm.platformSettings);

  const save = (value: RoleFormValue) => {
    const done = { onSuccess: () => setEditing(null) };
    if (editing === 'new') {
      create.mutate(
        {
          name: value.name,
          description: value.description || undefined,
          companyId: value.companyId,
          permissions: value.permissions,
        },
        done,
      );
    } else if (editing) {
      update.mutate(
        {
          id: editing.id,
          input: {
            name: value.name,
            description: value.description || null,
            permissions: value.permissions,
          },
        },
        done,
      );
    }
  };

  if (roles.isPending) return <LoadingScreen />;
  return (
    <>
      <PageHeader
        title={t('customRoles.title')}
        subtitle={t('customRoles.subtitle')}
        actions={
          <Button variant="contained" startIcon={<AddOutlined />} onClick={() => setEditing('new')}>
            {t('customRoles.create')}
          </Button>
        }
      />
      <ErrorAlert error={roles.error} />
      {roles.data?.length === 0 ? (
        <EmptyState title={t('customRoles.empty')} />
      ) : (
        <Table size="small" aria-label={t('customRoles.title')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('customRoles.fields.name')}</TableCell>
              <TableCell>{t('customRoles.fields.scope')}</TableCell>
              <TableCell>{t('customRoles.fields.permissions')}</TableCell>
              <TableCell align="right">{t('customRoles.fields.users')}</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {(roles.data ?? []).map((r) => (
              <TableRow key={r.id}>
                <TableCell>{r.name}</TableCell>
                <TableCell>
                  {r.companyId ? t('customRoles.companyRole') : t('customRoles.platformWide')}
                </TableCell>
                <TableCell>
                  <Stack direction="row" flexWrap="wrap" gap={0.5}>
                    {r.permissions.map((p) => (
                      <Chip
                        key={p}
                        size="small"
                        label={t(permissionLabelKey(p))}
                        title={t(permissionHelpKey(p))}
                      />
                    ))}
                  </Stack>
                </TableCell>
                <TableCell align="right">{r.userCount}</TableCell>
                <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                  {authz.has(perm.usersUpdate) && (
                    <Button size="small" onClick={() => setAssigning(r)}>
                      {t('customRoles.assign')}
                    </Button>
                  )}
                  {editable(r) && (
                    <>
                      <Button size="small" onClick={() => setEditing(r)}>
                        {t('common.edit')}
                      </Button>
                      <Button size="small" color="error" onClick={() => setDeleting(r)}>
                        {t('common.delete')}
                      </Button>
                    </>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {editing && (
        <RoleFormDialog
          open
          role={editing === 'new' ? null : editing}
          pending={create.isPending || update.isPending}
          error={editing === 'new' ? create.error : update.error}
          onSubmit={save}
          onClose={() => setEditing(null)}
        />
      )}
      <AssignRoleDialog role={assigning} onClose={() => setAssigning(null)} />
      <ConfirmDialog
        open={!!deleting}
        title={t('customRoles.deleteTitle', { name: deleting?.name ?? '' })}
        message={t('customRoles.deleteMessage')}
        confirmLabel={t('common.delete')}
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() =>
          deleting && remove.mutate(deleting.id, { onSuccess: () => setDeleting(null) })
        }
        onClose={() => setDeleting(null)}
      />
    </>
  );
}

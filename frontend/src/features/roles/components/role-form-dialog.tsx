import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { CustomRoleView, Permission } from '@multpanel/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import { PermissionPicker } from '@/components/permission-picker';
import { useSession } from '@/lib/session-store';
import { perm } from '@/lib/permission-keys';
import { useAuthorization } from '@/lib/authorization';
import { useCompanyOptions } from '@/lib/queries/companies';

export interface RoleFormValue {
  name: string;
  description: string;
  companyId: string | null;
  permissions: Permission[];
}

const PLATFORM = '__platform__';

/**
 * Create or edit a custom role. Only the caller's own permissions are offered (the API refuses
 * anything beyond them too); the scope is chosen when creating only.
 */
export function RoleFormDialog({
  open,
  role,
  pending,
  error,
  onSubmit,
  onClose,
}: {
  open: boolean;
  role: CustomRoleView | null;
  pending: boolean;
  error: unknown;
  onSubmit: (value: RoleFormValue) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const session = useSession();
  const authz = useAuthorization();
  const own = session.status === 'authenticated' ? session.permissions : [];
  const ownCompany = session.status === 'authenticated' ? session.user.companyId : null;
  const platform = authz.has(perm.platformSettings);
  const companies = useCompanyOptions(open && !role && !ownCompany);
  const [name, setName] = useState(role?.name ?? '');
  const [description, setDescription] = useState(role?.description ?? '');
  const [scope, setScope] = useState<string>(
    role ? (role.companyId ?? PLATFORM) : (ownCompany ?? (platform ? PLATFORM : '')),
  );
  const [selected, setSelected] = useState<Set<Permission>>(new Set(role?.permissions ?? []));

  const submit = () =>
    onSubmit({
      name: name.trim(),
      description: description.trim(),
      companyId: scope === PLATFORM ? null : scope,
      permissions: own.filter((p) => selected.has(p)),
    });

  return (
    <Dialog open={open} onClose={pending ? undefined : onClose} fullWidth maxWidth="md">
      <DialogTitle>
        {role ? t('customRoles.editTitle', { name: role.name }) : t('customRoles.create')}
      </DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ mt: 1 }}>
          <TextField
            label={t('customRoles.fields.name')}
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
            inputProps={{ maxLength: 100 }}
          />
          <TextField
            label={t('customRoles.fields.description')}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            inputProps={{ maxLength: 500 }}
          />
          {!role && !ownCompany && (
            <TextField
              select
              label={t('customRoles.fields.scope')}
              value={scope}
              onChange={(e) => setScope(e.target.value)}
            >
              {platform && <MenuItem value={PLATFORM}>{t('customRoles.platformWide')}</MenuItem>}
              {(companies.data ?? []).map((c) => (
                <MenuItem key={c.id} value={c.id}>
                  {c.name}
                </MenuItem>
              ))}
            </TextField>
          )}
          <Typography variant="subtitle2">{t('customRoles.fields.permissions')}</Typography>
          <PermissionPicker
            held={own}
            value={own.filter((p) => selected.has(p))}
            onChange={(next) => setSelected(new Set(next))}
          />
          <ErrorAlert error={error} />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={pending}>
          {t('common.cancel')}
        </Button>
        <Button
          variant="contained"
          onClick={submit}
          disabled={pending || !name.trim() || selected.size === 0 || scope === ''}
        >
          {t('common.save')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

import Autocomplete from '@mui/material/Autocomplete';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import type { CustomRoleView, UserView } from '@multpanel/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import { useRoleUsers } from '../api/list-role-users';
import { useAssignRole } from '../api/role-mutations';

/** Give a user the role, or (clear) take a custom role away: back to the built-in set. */
export function AssignRoleDialog({
  role,
  onClose,
}: {
  role: CustomRoleView | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [user, setUser] = useState<UserView | null>(null);
  const users = useRoleUsers(search, !!role);
  const assign = useAssignRole();
  const candidates = (users.data ?? []).filter(
    (u) => !role?.companyId || u.companyId === role.companyId,
  );
  const save = (customRoleId: string | null) =>
    user &&
    assign.mutate({ userId: user.id, input: { customRoleId } }, { onSuccess: () => onClose() });

  return (
    <Dialog open={!!role} onClose={assign.isPending ? undefined : onClose} fullWidth>
      <DialogTitle>{t('customRoles.assignTitle', { name: role?.name ?? '' })}</DialogTitle>
      <DialogContent>
        <DialogContentText sx={{ mb: 2 }}>{t('customRoles.assignHelp')}</DialogContentText>
        <Autocomplete
          options={candidates}
          value={user}
          onChange={(_, v) => setUser(v)}
          onInputChange={(_, v) => setSearch(v)}
          getOptionLabel={(u) => `${u.name} <${u.email}>`}
          isOptionEqualToValue={(a, b) => a.id === b.id}
          filterOptions={(x) => x}
          renderInput={(params) => <TextField {...params} label={t('customRoles.fields.user')} />}
        />
        <ErrorAlert error={assign.error} sx={{ mt: 2 }} />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={assign.isPending}>
          {t('common.cancel')}
        </Button>
        <Button onClick={() => save(null)} disabled={!user || assign.isPending}>
          {t('customRoles.unassign')}
        </Button>
        <Button
          variant="contained"
          onClick={() => role && save(role.id)}
          disabled={!user || assign.isPending}
        >
          {t('customRoles.assign')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

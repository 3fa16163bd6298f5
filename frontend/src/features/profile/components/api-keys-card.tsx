import type { ApiKeyView, Permission } from '@multpanel/contracts';
import Add from '@mui/icons-material/Add';
import ContentCopy from '@mui/icons-material/ContentCopy';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import CardHeader from '@mui/material/CardHeader';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormLabel from '@mui/material/FormLabel';
import IconButton from '@mui/material/IconButton';
import InputAdornment from '@mui/material/InputAdornment';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { PermissionPicker } from '@/components/permission-picker';
import { EmptyState } from '@/components/empty-state';
import { ErrorAlert } from '@/components/error-alert';
import { formatDateTime } from '@/lib/format-time';
import { useSession } from '@/lib/session-store';
import { useCreateApiKey } from '../api/create-api-key';
import { useApiKeys } from '../api/list-api-keys';
import { useRevokeApiKey } from '../api/revoke-api-key';

const fmt = (iso?: string | null) => formatDateTime(iso);

function CreateApiKeyDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const session = useSession();
  // A key can only carry permissions its owner holds.
  const held = session.status === 'authenticated' ? session.permissions : [];
  const create = useCreateApiKey();
  const [name, setName] = useState('');
  const [expires, setExpires] = useState('');
  const [chosen, setChosen] = useState<Permission[]>([]);

  const close = () => {
    create.reset();
    setName('');
    setExpires('');
    setChosen([]);
    onClose();
  };
  const plain = create.data?.key ?? '';

  return (
    <Dialog open={open} onClose={close}>
      <DialogTitle>{t('profile.apiKeys.createTitle')}</DialogTitle>
      <DialogContent sx={{ display: 'grid', gap: 2, pt: '8px !important' }}>
        {create.data ? (
          <>
            <Alert severity="warning">{t('profile.apiKeys.shownOnce')}</Alert>
            <TextField
              label={t('profile.apiKeys.key')}
              value={plain}
              slotProps={{
                input: {
                  readOnly: true,
                  endAdornment: (
                    <InputAdornment position="end">
                      <IconButton
                        aria-label={t('profile.apiKeys.copy')}
                        onClick={() => void navigator.clipboard?.writeText(plain)}
                      >
                        <ContentCopy fontSize="small" />
                      </IconButton>
                    </InputAdornment>
                  ),
                },
                htmlInput: { 'data-testid': 'api-key-plain' },
              }}
              onFocus={(e) => e.target.select()}
            />
          </>
        ) : (
          <>
            <ErrorAlert error={create.error} />
            <TextField
              label={t('profile.apiKeys.name')}
              value={name}
              onChange={(e) => setName(e.target.value)}
              required
            />
            <TextField
              type="date"
              label={t('profile.apiKeys.expires')}
              value={expires}
              onChange={(e) => setExpires(e.target.value)}
              slotProps={{ inputLabel: { shrink: true } }}
              helperText={t('profile.apiKeys.expiresHint')}
            />
            <FormLabel component="legend">{t('profile.apiKeys.permissions')}</FormLabel>
            <PermissionPicker held={held} value={chosen} onChange={setChosen} maxHeight={320} />
          </>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={close}>{t(create.data ? 'common.done' : 'common.cancel')}</Button>
        {!create.data && (
          <Button
            variant="contained"
            disabled={!name.trim() || chosen.length === 0 || create.isPending}
            onClick={() =>
              create.mutate({
                name: name.trim(),
                permissions: chosen,
                ...(expires ? { expiresAt: new Date(`${expires}T23:59:59`).toISOString() } : {}),
              })
            }
          >
            {t('common.create')}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}

export function ApiKeysCard() {
  const { t } = useTranslation();
  const keys = useApiKeys();
  const revoke = useRevokeApiKey();
  const [creating, setCreating] = useState(false);
  const [target, setTarget] = useState<ApiKeyView | null>(null);

  return (
    <Card>
      <CardHeader
        title={t('profile.apiKeys.title')}
        subheader={t('profile.apiKeys.subtitle')}
        action={
          <Button startIcon={<Add />} onClick={() => setCreating(true)}>
            {t('profile.apiKeys.create')}
          </Button>
        }
      />
      <CardContent sx={{ pt: 0 }}>
        <ErrorAlert error={keys.error} />
        {keys.data?.length === 0 && <EmptyState title={t('profile.apiKeys.empty')} />}
        <List dense disablePadding>
          {keys.data?.map((k) => (
            <ListItem
              key={k.id}
              disableGutters
              secondaryAction={
                <Button
                  size="small"
                  color="error"
                  onClick={() => {
                    revoke.reset();
                    setTarget(k);
                  }}
                >
                  {t('profile.apiKeys.revoke')}
                </Button>
              }
            >
              <ListItemText
                primary={
                  <Box component="span">
                    {k.name}
                    {k.prefix && (
                      <Box component="code" sx={{ ml: 1, color: 'text.secondary' }}>
                        {k.prefix}…
                      </Box>
                    )}
                  </Box>
                }
                secondary={t('profile.apiKeys.detail', {
                  count: k.permissions.length,
                  expires: k.expiresAt ? fmt(k.expiresAt) : t('profile.apiKeys.never'),
                  used: k.lastUsedAt
                    ? `${fmt(k.lastUsedAt)} ${k.lastUsedIp ?? ''}`.trim()
                    : t('profile.apiKeys.never'),
                })}
                sx={{ pr: 10 }}
              />
            </ListItem>
          ))}
        </List>
      </CardContent>
      <CreateApiKeyDialog open={creating} onClose={() => setCreating(false)} />
      <ConfirmDialog
        open={!!target}
        title={t('profile.apiKeys.revokeTitle', { name: target?.name })}
        message={t('profile.apiKeys.revokeMessage', { name: target?.name })}
        confirmLabel={t('profile.apiKeys.revoke')}
        pending={revoke.isPending}
        error={revoke.error}
        onClose={() => setTarget(null)}
        onConfirm={() => target && revoke.mutate(target.id, { onSuccess: () => setTarget(null) })}
      />
    </Card>
  );
}

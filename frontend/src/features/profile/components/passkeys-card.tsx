import type { PasskeyView } from '@multpanel/contracts';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import CardHeader from '@mui/material/CardHeader';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '@/components/empty-state';
import { ErrorAlert } from '@/components/error-alert';
import { formatDateTime } from '@/lib/format-time';
import { useAddPasskey, usePasskeys, useRemovePasskey, useRenamePasskey } from '../api/passkeys';

/** The caller's passkeys: add one (named), rename, remove. */
export function PasskeysCard() {
  const { t } = useTranslation();
  const passkeys = usePasskeys();
  const add = useAddPasskey();
  const rename = useRenamePasskey();
  const remove = useRemovePasskey();
  const [name, setName] = useState('');
  const [editing, setEditing] = useState<{ id: string; name: string } | null>(null);
  const supported = typeof window !== 'undefined' && 'PublicKeyCredential' in window;

  const row = (p: PasskeyView) =>
    editing?.id === p.id ? (
      <ListItem key={p.id} disableGutters sx={{ gap: 1 }}>
        <TextField
          size="small"
          label={t('profile.passkeys.name')}
          value={editing.name}
          onChange={(e) => setEditing({ id: p.id, name: e.target.value })}
          sx={{ flex: 1 }}
        />
        <Button
          size="small"
          disabled={!editing.name.trim() || rename.isPending}
          onClick={() =>
            rename.mutate(
              { id: p.id, name: editing.name.trim() },
              { onSuccess: () => setEditing(null) },
            )
          }
        >
          {t('common.save')}
        </Button>
      </ListItem>
    ) : (
      <ListItem
        key={p.id}
        disableGutters
        secondaryAction={
          <>
            <Button size="small" onClick={() => setEditing({ id: p.id, name: p.name })}>
              {t('profile.passkeys.rename')}
            </Button>
            <Button
              size="small"
              color="error"
              disabled={remove.isPending}
              onClick={() => remove.mutate(p.id)}
              aria-label={t('profile.passkeys.removeNamed', { name: p.name })}
            >
              {t('profile.passkeys.remove')}
            </Button>
          </>
        }
      >
        <ListItemText
          primary={p.name}
          secondary={t('profile.passkeys.detail', {
            created: new Date(p.createdAt).toLocaleDateString(),
            used: formatDateTime(p.lastUsedAt),
          })}
          sx={{ pr: 20 }}
        />
      </ListItem>
    );

  return (
    <Card>
      <CardHeader title={t('profile.passkeys.title')} subheader={t('profile.passkeys.subtitle')} />
      <CardContent sx={{ pt: 0, display: 'grid', gap: 1 }}>
        <ErrorAlert error={passkeys.error ?? add.error ?? rename.error ?? remove.error} />
        {passkeys.data?.length === 0 && <EmptyState title={t('profile.passkeys.empty')} />}
        <List dense disablePadding>
          {passkeys.data?.map(row)}
        </List>
        <Box
          component="form"
          aria-label={t('profile.passkeys.add')}
          sx={{ display: 'flex', gap: 1 }}
          onSubmit={(e) => {
            e.preventDefault();
            add.mutate(name.trim(), { onSuccess: () => setName('') });
          }}
        >
          <TextField
            size="small"
            label={t('profile.passkeys.name')}
            placeholder={t('profile.passkeys.namePlaceholder')}
            value={name}
            onChange={(e) => setName(e.target.value)}
            sx={{ flex: 1 }}
          />
          <Button
            type="submit"
            variant="outlined"
            disabled={!supported || !name.trim() || add.isPending}
          >
            {t('profile.passkeys.add')}
          </Button>
        </Box>
      </CardContent>
    </Card>
  );
}

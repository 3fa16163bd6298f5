import Box from '@mui/material/Box';
import DeleteOutline from '@mui/icons-material/DeleteOutline';
import EditOutlined from '@mui/icons-material/EditOutlined';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import IconButton from '@mui/material/IconButton';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { ErrorAlert } from '@/components/error-alert';
import { useCreateChannel } from '../api/create-channel';
import { useDeleteChannel } from '../api/delete-channel';
import { useChannels } from '../api/list-channels';
import { useTestChannel } from '../api/test-channel';
import {
  CHANNEL_TYPES,
  type ChannelDto,
  type ChannelType,
  type CreateChannelInput,
} from '../api/types';
import { ChannelEditDialog } from './channel-edit-dialog';

/** What the list shows under a channel's name: recipients, the webhook URL or only the host. */
function channelDetail(c: ChannelDto, t: TFunction): string | null {
  if (c.type === 'email') return c.to?.join(', ') ?? null;
  if (c.type === 'webhook') return c.url;
  return c.urlHost ? t('alerts.channels.hidden', { host: c.urlHost }) : null;
}

/** Notification channels (e-mail, signed webhook, Slack, Teams, ntfy), a "send test" per channel. */
export function ChannelsCard({ companyId }: { companyId: string | null }) {
  const { t } = useTranslation();
  const channels = useChannels();
  const create = useCreateChannel();
  const test = useTestChannel();
  const remove = useDeleteChannel();
  const [editing, setEditing] = useState<ChannelDto | null>(null);
  const [deleting, setDeleting] = useState<ChannelDto | null>(null);
  const [type, setType] = useState<ChannelType>('email');
  const [name, setName] = useState('');
  const [target, setTarget] = useState('');
  const [token, setToken] = useState('');
  const input = (): CreateChannelInput =>
    type === 'email'
      ? {
          companyId,
          type,
          name,
          to: target
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
        }
      : { companyId, type, name, url: target, ...(type === 'ntfy' && token ? { token } : {}) };
  const [secret, setSecret] = useState<string | null>(null);
  return (
    <Card variant="outlined">
      <CardContent sx={{ display: 'grid', gap: 2 }}>
        <Typography variant="h6" component="h2">
          {t('alerts.channels.title')}
        </Typography>
        <List dense aria-label={t('alerts.channels.title')}>
          {(channels.data ?? []).map((c) => (
            <ListItem
              key={c.id}
              sx={{ pr: 22 }}
              secondaryAction={
                <>
                  <Button size="small" onClick={() => test.mutate(c.id)}>
                    {t('alerts.channels.test')}
                  </Button>
                  <IconButton
                    size="small"
                    aria-label={t('alerts.channels.editOne', { name: c.name })}
                    onClick={() => setEditing(c)}
                  >
                    <EditOutlined fontSize="small" />
                  </IconButton>
                  <IconButton
                    size="small"
                    aria-label={t('alerts.channels.deleteOne', { name: c.name })}
                    onClick={() => {
                      remove.reset();
                      setDeleting(c);
                    }}
                  >
                    <DeleteOutline fontSize="small" />
                  </IconButton>
                </>
              }
            >
              <ListItemText primary={c.name} secondary={channelDetail(c, t)} />
            </ListItem>
          ))}
        </List>
        {test.isSuccess && <Typography>{t('alerts.channels.testQueued')}</Typography>}
        <Box
          component="form"
          aria-label={t('alerts.channels.add')}
          sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate(input(), {
              onSuccess: (c) => {
                setName('');
                setTarget('');
                setToken('');
                setSecret(c.secret ?? null);
              },
            });
          }}
        >
          <TextField
            select
            size="small"
            label={t('alerts.channels.type')}
            value={type}
            onChange={(e) => setType(e.target.value as ChannelType)}
          >
            {CHANNEL_TYPES.map((ct) => (
              <MenuItem key={ct} value={ct}>
                {t(`alerts.channels.${ct}`)}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            size="small"
            label={t('alerts.channels.name')}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
          <TextField
            size="small"
            label={type === 'email' ? t('alerts.channels.to') : t(`alerts.channels.urls.${type}`)}
            value={target}
            onChange={(e) => setTarget(e.target.value)}
            sx={{ flex: 1, minWidth: 240 }}
          />
          {type === 'ntfy' && (
            <TextField
              size="small"
              type="password"
              label={t('alerts.channels.token')}
              value={token}
              onChange={(e) => setToken(e.target.value)}
            />
          )}
          <Button type="submit" variant="outlined" disabled={create.isPending}>
            {t('alerts.channels.add')}
          </Button>
        </Box>
        {secret && <Typography>{t('alerts.channels.secretOnce', { secret })}</Typography>}
        {create.error && <ErrorAlert error={create.error} />}
        {editing && <ChannelEditDialog channel={editing} onClose={() => setEditing(null)} />}
        <ConfirmDialog
          open={deleting !== null}
          title={t('alerts.channels.deleteTitle')}
          message={t('alerts.channels.deleteMessage', { name: deleting?.name ?? '' })}
          confirmLabel={t('common.delete')}
          pending={remove.isPending}
          error={remove.error}
          onConfirm={() => remove.mutate(deleting!.id, { onSuccess: () => setDeleting(null) })}
          onClose={() => setDeleting(null)}
        />
      </CardContent>
    </Card>
  );
}

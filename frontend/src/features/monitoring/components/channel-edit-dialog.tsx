import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import { useUpdateChannel } from '../api/update-channel';
import type { ChannelDto, UpdateChannelInput } from '../api/types';

const splitRecipients = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/**
 * Edit one channel: its name, an e-mail channel's recipients, a webhook's URL; a Slack, Teams or
 * ntfy URL is never shown (stored encrypted), so an empty field keeps it. Sends only what changed.
 */
export function ChannelEditDialog({
  channel,
  onClose,
}: {
  channel: ChannelDto;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const update = useUpdateChannel();
  const secretUrl = channel.type !== 'email' && channel.type !== 'webhook';
  const initialTarget =
    channel.type === 'email' ? (channel.to ?? []).join(', ') : (channel.url ?? '');
  const [name, setName] = useState(channel.name);
  const [target, setTarget] = useState(initialTarget);
  const [token, setToken] = useState('');
  const [removeToken, setRemoveToken] = useState(false);

  const changes = (): UpdateChannelInput => {
    const out: UpdateChannelInput = {};
    if (name.trim() !== channel.name) out.name = name.trim();
    if (target.trim() && target.trim() !== initialTarget) {
      if (channel.type === 'email') out.to = splitRecipients(target);
      else out.url = target.trim();
    }
    if (channel.type === 'ntfy') {
      if (removeToken) out.token = null;
      else if (token.trim()) out.token = token.trim();
    }
    return out;
  };
  const input = changes();
  const nothing = Object.keys(input).length === 0;

  return (
    <Dialog open onClose={update.isPending ? undefined : onClose} aria-labelledby="channel-edit">
      <DialogTitle id="channel-edit">
        {t('alerts.channels.editTitle', { name: channel.name })}
      </DialogTitle>
      <DialogContent>
        <Box
          component="form"
          id="channel-edit-form"
          aria-label={t('alerts.channels.editTitle', { name: channel.name })}
          sx={{ display: 'grid', gap: 2, pt: 1, minWidth: { sm: 420 } }}
          onSubmit={(e) => {
            e.preventDefault();
            if (!nothing) update.mutate({ id: channel.id, ...input }, { onSuccess: onClose });
          }}
        >
          <TextField
            size="small"
            label={t('alerts.channels.name')}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
          <TextField
            size="small"
            label={
              channel.type === 'email'
                ? t('alerts.channels.to')
                : t(`alerts.channels.urls.${channel.type}`)
            }
            helperText={secretUrl ? t('alerts.channels.keepUrl', { host: channel.urlHost }) : ''}
            value={target}
            onChange={(e) => setTarget(e.target.value)}
          />
          {channel.type === 'ntfy' && (
            <>
              <TextField
                size="small"
                type="password"
                label={t('alerts.channels.newToken')}
                value={token}
                disabled={removeToken}
                onChange={(e) => setToken(e.target.value)}
              />
              <FormControlLabel
                control={
                  <Checkbox
                    checked={removeToken}
                    onChange={(e) => setRemoveToken(e.target.checked)}
                  />
                }
                label={t('alerts.channels.removeToken')}
              />
            </>
          )}
          <ErrorAlert error={update.error} />
        </Box>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={update.isPending}>
          {t('common.cancel')}
        </Button>
        <Button
          type="submit"
          form="channel-edit-form"
          variant="contained"
          disabled={update.isPending || nothing}
        >
          {t('common.save')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

import { ConsoleCloseCode } from '@multpanel/contracts/console';
import ArrowBack from '@mui/icons-material/ArrowBack';
import AspectRatio from '@mui/icons-material/AspectRatio';
import ContentPaste from '@mui/icons-material/ContentPaste';
import Fullscreen from '@mui/icons-material/Fullscreen';
import Keyboard from '@mui/icons-material/Keyboard';
import LinkOff from '@mui/icons-material/LinkOff';
import Refresh from '@mui/icons-material/Refresh';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import IconButton from '@mui/material/IconButton';
import Paper from '@mui/material/Paper';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useParams } from 'react-router-dom';
import type { ConsoleTarget } from '../api/open-console';
import type { ConsoleStatus } from '../console-status';
import type { Modifiers } from '../special-keys';
import { useConsoleConnection } from '../use-console-connection';
import { PasteDialog } from './paste-dialog';
import { SpecialKeysBar } from './special-keys-bar';
import { TerminalViewer } from './terminal-viewer';
import { VncViewer, type ViewerHandle } from './vnc-viewer';

const STATUS_COLOR = {
  connecting: 'info',
  connected: 'success',
  reconnecting: 'warning',
  closed: 'default',
} as const;

function StatusChip({ status }: { status: ConsoleStatus }) {
  const { t } = useTranslation();
  const label =
    status.state === 'reconnecting'
      ? t('console.status.reconnecting', { attempt: status.attempt })
      : t(`console.status.${status.state}`);
  return (
    <Chip
      size="small"
      color={STATUS_COLOR[status.state]}
      label={label}
      data-testid="console-status"
      data-state={status.state}
    />
  );
}

const NO_MODS: Modifiers = { ctrl: false, alt: false };

/**
 * /vms/:vmId/console, /mobile/vms/:vmId/console and /clusters/:clusterId/nodes/:node/console. On a
 * phone (`phone`) the toolbar is icons only, a special-keys bar sits under the screen and a short
 * landscape screen drops the title so the console keeps the height.
 */
export function ConsolePage({
  backTo,
  phone = false,
}: {
  backTo?: (params: Record<string, string>) => string;
  phone?: boolean;
}) {
  const { t } = useTranslation();
  const params = useParams() as Record<string, string>;
  const target: ConsoleTarget = params.node
    ? { type: 'node', clusterId: params.clusterId, node: params.node }
    : { type: 'guest', vmId: params.vmId };
  const closeReason = (code: number, reason: string): string => {
    switch (code) {
      case ConsoleCloseCode.Normal:
        return reason || t('console.closed.normal');
      case ConsoleCloseCode.InvalidToken:
        return t('console.closed.token');
      case ConsoleCloseCode.Forbidden:
        return t('console.closed.forbidden', { reason });
      case ConsoleCloseCode.IdleTimeout:
        return t('console.closed.idle');
      case ConsoleCloseCode.UpstreamFailed:
        return t('console.closed.upstream', { reason });
      case ConsoleCloseCode.ServerShutdown:
        return t('console.closed.restart');
      default:
        return t('console.closed.network');
    }
  };
  const conn = useConsoleConnection(target, closeReason);
  const viewer = useRef<ViewerHandle>(null);
  const frame = useRef<HTMLDivElement>(null);
  const [fit, setFit] = useState(true);
  const [pasteOpen, setPasteOpen] = useState(false);
  const live = conn.status.state === 'connected';
  const back = backTo?.(params);
  const [mods, setMods] = useState<Modifiers>(NO_MODS);
  useEffect(() => viewer.current?.setModifiers(mods), [mods]);
  // A new session starts with nothing held.
  useEffect(() => setMods(NO_MODS), [conn.socket]);
  // Icons only on a phone; the label stays the accessible name.
  const labelled = (label: string) => (phone ? { 'aria-label': label } : { children: label });
  const landscapePhone = '@media (orientation: landscape) and (max-height: 500px)';

  return (
    <Box
      sx={{
        display: 'flex',
        flexDirection: 'column',
        height: phone ? 'calc(100dvh - 72px)' : 'calc(100dvh - 112px)',
        minHeight: phone ? 240 : 320,
      }}
    >
      <Box
        sx={{
          display: 'flex',
          alignItems: 'center',
          gap: phone ? 0.5 : 1,
          mb: phone ? 0.5 : 1,
          flexWrap: phone ? 'nowrap' : 'wrap',
          overflowX: phone ? 'auto' : undefined,
        }}
      >
        {back && (
          <IconButton component={RouterLink} to={back} aria-label={t('console.back')}>
            <ArrowBack />
          </IconButton>
        )}
        <Typography
          variant={phone ? 'h6' : 'h5'}
          component="h1"
          sx={{ mr: 1, minWidth: 0, ...(phone && { [landscapePhone]: { display: 'none' } }) }}
          noWrap
        >
          {t('console.title', { name: conn.title ?? '…' })}
        </Typography>
        <StatusChip status={conn.status} />
        <Box sx={{ flex: 1 }} />
        {conn.kind === 'vnc' && (
          <>
            <Tooltip title={t('console.fit')}>
              <IconButton
                aria-label={t('console.fit')}
                aria-pressed={fit}
                color={fit ? 'primary' : 'default'}
                onClick={() => setFit((f) => !f)}
              >
                <AspectRatio />
              </IconButton>
            </Tooltip>
            {!phone && (
              <Button
                startIcon={<Keyboard />}
                disabled={!live}
                onClick={() => viewer.current?.sendCtrlAltDel()}
              >
                {t('console.ctrlAltDel')}
              </Button>
            )}
          </>
        )}
        {phone ? (
          <IconButton
            aria-label={t('console.paste')}
            disabled={!live}
            onClick={() => setPasteOpen(true)}
          >
            <ContentPaste />
          </IconButton>
        ) : (
          <Button startIcon={<ContentPaste />} disabled={!live} onClick={() => setPasteOpen(true)}>
            {t('console.paste')}
          </Button>
        )}
        <Tooltip title={t('console.fullscreen')}>
          <IconButton
            aria-label={t('console.fullscreen')}
            onClick={() => void frame.current?.requestFullscreen?.().catch(() => undefined)}
          >
            <Fullscreen />
          </IconButton>
        </Tooltip>
        {conn.status.state === 'closed' ? (
          <Button
            variant="contained"
            startIcon={<Refresh />}
            onClick={conn.reconnect}
            {...labelled(t('console.reconnect'))}
          />
        ) : (
          <Button
            startIcon={<LinkOff />}
            onClick={conn.disconnect}
            sx={{ flex: '0 0 auto' }}
            {...labelled(t('console.disconnect'))}
          />
        )}
      </Box>
      {(conn.status.state === 'closed' || conn.status.state === 'reconnecting') && (
        <Alert
          severity={conn.status.state === 'closed' ? 'info' : 'warning'}
          sx={{ mb: 1 }}
          data-testid="console-reason"
        >
          {conn.status.reason}
        </Alert>
      )}
      <Paper
        ref={frame}
        variant="outlined"
        sx={{ flex: 1, minHeight: 0, overflow: 'hidden', bgcolor: '#111' }}
      >
        {conn.socket && conn.kind === 'vnc' && (
          <VncViewer
            key={conn.socket.url}
            ref={viewer}
            socket={conn.socket}
            fit={fit}
            onConnected={conn.markConnected}
          />
        )}
        {conn.socket && conn.kind === 'term' && (
          <TerminalViewer
            key={conn.socket.url}
            ref={viewer}
            socket={conn.socket}
            onConnected={conn.markConnected}
            onModifiersUsed={() => setMods(NO_MODS)}
          />
        )}
      </Paper>
      {phone && (
        <SpecialKeysBar
          mods={mods}
          disabled={!live}
          onModsChange={setMods}
          onKey={(key) => {
            viewer.current?.sendKey(key);
            viewer.current?.focus();
          }}
          onCtrlAltDel={conn.kind === 'vnc' ? () => viewer.current?.sendCtrlAltDel() : undefined}
        />
      )}
      <PasteDialog
        open={pasteOpen}
        onClose={() => setPasteOpen(false)}
        onSend={(text) => {
          viewer.current?.paste(text);
          viewer.current?.focus();
        }}
      />
    </Box>
  );
}

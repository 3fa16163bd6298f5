import TerminalOutlined from '@mui/icons-material/TerminalOutlined';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router-dom';
import type { ClusterNode, ClusterNodes } from '../api/get-cluster';
import { ago, duration, gib, percent } from './format';
import { UsageBar } from './usage-bar';

function NodeLoad({ node }: { node: ClusterNode }) {
  const { t } = useTranslation();
  const cpu =
    typeof node.cpu === 'number' && node.maxcpu ? (
      <UsageBar
        ratio={node.cpu}
        label={t('clusters.show.cpuOf', { node: node.name })}
        text={t('clusters.show.cpuUse', { percent: percent(node.cpu), count: node.maxcpu })}
      />
    ) : (
      t('clusters.show.cores', { count: node.maxcpu ?? 0 })
    );
  const mem =
    typeof node.memBytes === 'number' && node.maxmemBytes ? (
      <UsageBar
        ratio={node.memBytes / node.maxmemBytes}
        label={t('clusters.show.memOf', { node: node.name })}
        text={`${gib(node.memBytes)} / ${gib(node.maxmemBytes)}`}
      />
    ) : (
      gib(node.maxmemBytes)
    );
  return (
    <>
      <TableCell>{cpu}</TableCell>
      <TableCell>{mem}</TableCell>
      <TableCell>{duration(node.uptimeSec)}</TableCell>
    </>
  );
}

/** Why a node's shell cannot open now, or null when it can. */
function shellBlocked(node: ClusterNode, live: boolean | null, t: TFunction): string | null {
  if (live === false) return t('clusters.show.shellUnreachable');
  if (node.status !== 'online') return t('clusters.show.shellOffline', { node: node.name });
  return null;
}

/**
 * The cluster's nodes: live CPU and memory bars and uptime when read from Proxmox, the last known
 * rows (marked as such) when the cluster does not answer, and a Shell per node for operators.
 */
export function ClusterNodesTable({
  clusterId,
  data,
  canOperate,
}: {
  clusterId: string;
  data: ClusterNodes | undefined;
  canOperate: boolean;
}) {
  const { t } = useTranslation();
  const nodes = (data?.nodes ?? []).filter((n) => !n.goneAt);
  const lastKnown = data?.live === false;
  return (
    <Paper variant="outlined">
      <Typography variant="h6" sx={{ p: 2, pb: 0 }}>
        {t('clusters.show.nodes')}
        {lastKnown && (
          <Chip
            size="small"
            variant="outlined"
            color="warning"
            sx={{ ml: 1 }}
            label={t('clusters.show.lastKnown')}
          />
        )}
      </Typography>
      {lastKnown && (
        <Alert severity="warning" sx={{ mx: 2, mt: 1 }}>
          {t('clusters.show.lastKnownNodes', { error: data?.error ?? '' })}
        </Alert>
      )}
      {data?.live && data.readAt && (
        <Typography variant="body2" color="text.secondary" sx={{ px: 2 }}>
          {t('clusters.show.readLive', { when: ago(data.readAt) })}
        </Typography>
      )}
      <Table size="small" aria-label={t('clusters.show.nodes')}>
        <TableHead>
          <TableRow>
            <TableCell>{t('clusters.fields.name')}</TableCell>
            <TableCell>{t('clusters.fields.status')}</TableCell>
            <TableCell>{t('clusters.show.cpu')}</TableCell>
            <TableCell>{t('clusters.show.memory')}</TableCell>
            <TableCell>{t('clusters.show.uptime')}</TableCell>
            {canOperate && <TableCell />}
          </TableRow>
        </TableHead>
        <TableBody>
          {nodes.map((n) => {
            const blocked = canOperate ? shellBlocked(n, data?.live ?? null, t) : null;
            return (
              <TableRow key={n.name}>
                <TableCell>{n.name}</TableCell>
                <TableCell>
                  <Chip
                    size="small"
                    variant="outlined"
                    color={lastKnown ? 'default' : n.status === 'online' ? 'success' : 'error'}
                    label={
                      lastKnown
                        ? t('clusters.show.lastKnownStatus', { status: n.status })
                        : n.status
                    }
                  />
                </TableCell>
                <NodeLoad node={n} />
                {canOperate && (
                  <TableCell align="right">
                    {blocked ? (
                      <Tooltip title={blocked}>
                        <span>
                          <Button
                            size="small"
                            startIcon={<TerminalOutlined />}
                            disabled
                            aria-label={t('clusters.show.shellOf', { node: n.name })}
                          >
                            {t('clusters.show.shell')}
                          </Button>
                        </span>
                      </Tooltip>
                    ) : (
                      <Button
                        size="small"
                        startIcon={<TerminalOutlined />}
                        component={RouterLink}
                        to={`/clusters/${clusterId}/nodes/${encodeURIComponent(n.name)}/console`}
                        aria-label={t('clusters.show.shellOf', { node: n.name })}
                      >
                        {t('clusters.show.shell')}
                      </Button>
                    )}
                  </TableCell>
                )}
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </Paper>
  );
}

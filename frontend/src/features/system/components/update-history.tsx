import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { UpdateRun } from '@multpanel/contracts';
import { useTranslation } from 'react-i18next';
import { seconds, statusColor, when } from './update-format';

/** Every update and rollback: who, when, from, to, result, duration and its log. */
export function UpdateHistory({
  runs,
  onShow,
}: {
  runs: UpdateRun[];
  onShow: (id: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          {t('system.updates.history')}
        </Typography>
        {runs.length === 0 ? (
          <Typography color="text.secondary">{t('system.updates.noHistory')}</Typography>
        ) : (
          <Table size="small" data-testid="update-history">
            <TableHead>
              <TableRow>
                <TableCell>{t('system.updates.when')}</TableCell>
                <TableCell>{t('system.updates.who')}</TableCell>
                <TableCell>{t('system.updates.from')}</TableCell>
                <TableCell>{t('system.updates.to')}</TableCell>
                <TableCell>{t('system.updates.result')}</TableCell>
                <TableCell>{t('system.updates.duration')}</TableCell>
                <TableCell />
              </TableRow>
            </TableHead>
            <TableBody>
              {runs.map((r) => (
                <TableRow key={r.id}>
                  <TableCell>{when(r.startedAt)}</TableCell>
                  <TableCell>{r.actor.email ?? r.actor.user ?? r.actor.type}</TableCell>
                  <TableCell>{r.from.version}</TableCell>
                  <TableCell>
                    {t(`system.updates.kind.${r.kind}`)} {r.to.version}
                  </TableCell>
                  <TableCell>
                    <Chip
                      size="small"
                      color={statusColor(r.status)}
                      label={t(`system.updates.status.${r.status}`)}
                    />
                  </TableCell>
                  <TableCell>{seconds(r.durationMs)}</TableCell>
                  <TableCell>
                    <Button size="small" onClick={() => onShow(r.id)}>
                      {t('system.updates.showLog')}
                    </Button>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}

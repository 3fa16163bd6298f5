import Drawer from '@mui/material/Drawer';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Typography from '@mui/material/Typography';
import Box from '@mui/material/Box';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import { useAddress } from '../api/get-address';
import { formatDateTime } from '@/lib/format-time';

/** An address's detail and history (who held it when), beside the table. */
export function AddressHistory({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const detail = useAddress(id);
  const a = detail.data;
  return (
    <Drawer anchor="right" open={!!id} onClose={onClose}>
      <Box sx={{ width: 360, p: 2 }} role="region" aria-label={t('ipam.historyTitle')}>
        <ErrorAlert error={detail.error} />
        {a && (
          <>
            <Typography variant="h6">{a.address}</Typography>
            <Typography variant="body2" color="text.secondary">
              {a.rangeName} · {t(`ipam.status.${a.status}`)}
              {a.guestName ? ` · ${a.guestName}` : ''}
            </Typography>
            <Typography variant="subtitle2" sx={{ mt: 2 }}>
              {t('ipam.historyTitle')}
            </Typography>
            <List dense>
              {a.history.map((e) => (
                <ListItem key={e.id} disableGutters>
                  <ListItemText
                    primary={t(`ipam.action.${e.action}`)}
                    secondary={`${formatDateTime(e.at)}${e.note ? ` · ${e.note}` : ''}`}
                  />
                </ListItem>
              ))}
            </List>
          </>
        )}
      </Box>
    </Drawer>
  );
}

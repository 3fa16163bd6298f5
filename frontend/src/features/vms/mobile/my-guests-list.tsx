import ChevronRight from '@mui/icons-material/ChevronRight';
import DevicesOutlined from '@mui/icons-material/DevicesOutlined';
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardActionArea from '@mui/material/CardActionArea';
import Skeleton from '@mui/material/Skeleton';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router-dom';
import { EmptyState } from '@/components/empty-state';
import { ErrorAlert } from '@/components/error-alert';
import { useVms } from '../api/list-vms';
import { VmStatusChip } from '../components/vm-status-chip';

/** "My guests" for phones: one big card per guest, status in words and colour, tap to act. */
export function MyGuestsList() {
  const { t } = useTranslation();
  // Status changes made elsewhere show up without a reload.
  const vms = useVms({ page: 1, pageSize: 100, sort: 'name' }, { refetchMs: 10_000 });
  const items = (vms.data?.items ?? []).filter((v) => !v.template);

  if (vms.isLoading) {
    return (
      <Box sx={{ display: 'grid', gap: 1 }}>
        <Skeleton variant="rounded" height={72} />
        <Skeleton variant="rounded" height={72} />
      </Box>
    );
  }
  if (vms.error) return <ErrorAlert error={vms.error} />;
  if (items.length === 0) {
    return (
      <EmptyState
        icon={<DevicesOutlined fontSize="inherit" />}
        title={t('mobile.noGuestsTitle')}
        description={t('mobile.noGuestsDescription')}
      />
    );
  }
  return (
    <Box
      component="ul"
      aria-label={t('vms.mobile.listLabel')}
      sx={{ display: 'grid', gap: 1, p: 0, m: 0, listStyle: 'none' }}
    >
      {items.map((vm) => (
        <Box component="li" key={vm.id}>
          <Card variant="outlined">
            <CardActionArea
              component={RouterLink}
              to={`/mobile/vms/${vm.id}`}
              sx={{ display: 'flex', alignItems: 'center', gap: 2, p: 2, minHeight: 72 }}
            >
              <Box sx={{ flex: 1, minWidth: 0 }}>
                <Typography variant="h6" component="span" sx={{ display: 'block' }} noWrap>
                  {vm.name ?? `#${vm.vmid}`}
                </Typography>
                <Typography variant="body2" color="text.secondary">
                  {t(`vms.kind.${vm.kind}`)}
                </Typography>
              </Box>
              <VmStatusChip status={vm.status} lock={vm.lock} size="medium" />
              <ChevronRight aria-hidden />
            </CardActionArea>
          </Card>
        </Box>
      ))}
    </Box>
  );
}

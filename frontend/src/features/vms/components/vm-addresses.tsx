import type { VmInterfaceAddresses, VmKind } from '@multpanel/contracts';
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Typography from '@mui/material/Typography';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';

/** Proxmox `ostype` → words ("l26" → "Linux", "win11" → "Windows 11/2022/2025"). */
export function osLabel(kind: VmKind, osType: string | null | undefined, t: TFunction): string {
  if (!osType) return t('vms.os.unknown');
  return t(`vms.os.${kind}.${osType}`, { defaultValue: osType });
}

/** The addresses a running guest reports, per interface; why there are none when there are none. */
export function VmAddresses({
  addresses,
  kind,
}: {
  addresses: VmInterfaceAddresses[] | null;
  kind: VmKind;
}) {
  const { t } = useTranslation();
  return (
    <Card component="section" aria-label={t('vms.summary.addresses')}>
      <CardContent sx={{ display: 'grid', gap: 1 }}>
        <Typography variant="h6" component="h2">
          {t('vms.summary.addresses')}
        </Typography>
        {addresses === null || addresses.length === 0 ? (
          <Typography color="text.secondary">
            {t(
              addresses === null && kind === 'qemu'
                ? 'vms.summary.noAgent'
                : 'vms.summary.noAddresses',
            )}
          </Typography>
        ) : (
          addresses.map((i) => (
            <Box key={i.name} sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
              <Typography sx={{ minWidth: 80, fontWeight: 600 }}>{i.name}</Typography>
              {[...i.ipv4, ...i.ipv6].map((a) => (
                <Typography key={a} sx={{ fontFamily: 'monospace' }}>
                  {a}
                </Typography>
              ))}
            </Box>
          ))
        )}
      </CardContent>
    </Card>
  );
}

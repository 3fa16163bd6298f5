import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import type { ProbedFingerprint } from '../api/types';

/**
 * What the endpoint presented, for a person to compare with Proxmox (Node → System →
 * Certificates) before anything secret is sent there. Nothing is pinned until they tick the box.
 */
export function CertificateCard({
  cert,
  accepted,
  onAccept,
}: {
  cert: ProbedFingerprint;
  accepted: boolean;
  onAccept: (accepted: boolean) => void;
}) {
  const { t } = useTranslation();
  const expired = new Date(cert.validTo).getTime() < Date.now();
  return (
    <Alert
      severity={accepted ? 'success' : 'info'}
      icon={false}
      data-testid="certificate-card"
      sx={{ '& .MuiAlert-message': { width: '100%' } }}
    >
      <Box
        component="dl"
        sx={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 2, m: 0 }}
      >
        <dt>{t('clusters.cert.subject')}</dt>
        <dd style={{ margin: 0 }}>{cert.subject}</dd>
        <dt>{t('clusters.cert.issuer')}</dt>
        <dd style={{ margin: 0 }}>
          {cert.issuer}
          {cert.selfSigned ? ` (${t('clusters.cert.selfSigned')})` : ''}
        </dd>
        <dt>{t('clusters.cert.validity')}</dt>
        <dd style={{ margin: 0 }}>
          {t('clusters.cert.validRange', { from: cert.validFrom, to: cert.validTo })}
        </dd>
        <dt>{t('clusters.cert.fingerprint')}</dt>
        <dd style={{ margin: 0 }}>
          <Typography component="code" sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>
            {cert.fingerprint}
          </Typography>
        </dd>
      </Box>
      {expired && (
        <Typography color="error" variant="body2" sx={{ mt: 1 }}>
          {t('clusters.cert.expired')}
        </Typography>
      )}
      <FormControlLabel
        sx={{ mt: 1 }}
        control={<Checkbox checked={accepted} onChange={(e) => onAccept(e.target.checked)} />}
        label={t('clusters.cert.accept', { url: cert.url })}
      />
    </Alert>
  );
}

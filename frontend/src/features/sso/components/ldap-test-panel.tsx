import type { LdapTestResult } from '@multpanel/contracts/ldap';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import { useTestLdapDirectory } from '../api/ldap-directory';
import type { ProviderTarget } from '../api/identity-provider';

const GOOD: LdapTestResult['outcome'][] = ['sign_in', 'create'];

/** Looks a sample address up in the saved directory and shows what that person would get. */
export function LdapTestPanel({ target }: { target: ProviderTarget }) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const test = useTestLdapDirectory(target);
  const r = test.data;

  return (
    <Box sx={{ display: 'grid', gap: 1 }}>
      <Typography variant="subtitle1" component="h3">
        {t('ldap.test.title')}
      </Typography>
      <Box
        component="form"
        aria-label={t('ldap.test.title')}
        sx={{ display: 'flex', gap: 1 }}
        onSubmit={(e) => {
          e.preventDefault();
          if (email.trim()) test.mutate(email.trim());
        }}
      >
        <TextField
          size="small"
          label={t('ldap.test.email')}
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          sx={{ flex: 1 }}
        />
        <Button type="submit" variant="outlined" disabled={test.isPending || !email.trim()}>
          {t('ldap.test.run')}
        </Button>
      </Box>
      <ErrorAlert error={test.error} />
      {r && (
        <Alert severity={GOOD.includes(r.outcome) ? 'success' : 'warning'}>
          <Typography variant="body2" sx={{ fontWeight: 600 }}>
            {t(`ldap.test.outcome.${r.outcome}`)}
          </Typography>
          {r.entry && (
            <Typography variant="body2">
              {r.entry.name} · {r.entry.dn}
            </Typography>
          )}
          {r.role && (
            <Typography variant="body2">
              {t('ldap.test.role', {
                role: t(`roles.${r.role}`),
                custom: r.customRole ? ` (${r.customRole.name})` : '',
              })}
            </Typography>
          )}
          {r.entry && (
            <Typography variant="body2">
              {t('ldap.test.groups', {
                groups: r.entry.groups.length ? r.entry.groups.join('; ') : '—',
              })}
            </Typography>
          )}
        </Alert>
      )}
    </Box>
  );
}

import Grid from '@mui/material/Grid';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '@/components/page-header';
import { useAuthorization } from '@/lib/authorization';
import { perm } from '@/lib/permission-keys';
import { useSession } from '@/lib/session-store';
import { useProfile } from '../api/get-profile';
import { ApiKeysCard } from './api-keys-card';
import { PasskeysCard } from './passkeys-card';
import { PasswordCard } from './password-card';
import { SessionsCard } from './sessions-card';
import { TotpCard } from './totp-card';

export function ProfilePage({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  const session = useSession();
  const profile = useProfile();
  const authz = useAuthorization();
  const user = profile.data?.user ?? (session.status === 'authenticated' ? session.user : null);
  const half = compact ? 12 : 6;

  return (
    <>
      <PageHeader
        title={t('profile.title')}
        subtitle={user ? `${user.name} · ${user.email}` : undefined}
      />
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: half }}>
          <PasswordCard />
        </Grid>
        <Grid size={{ xs: 12, md: half }}>
          <TotpCard
            enabled={profile.data?.user.totpEnabled}
            required={profile.data?.user.totpRequired}
          />
        </Grid>
        <Grid size={12}>
          <PasskeysCard />
        </Grid>
        <Grid size={12}>
          <SessionsCard />
        </Grid>
        {authz.has(perm.apiKeysManage) && !compact && (
          <Grid size={12}>
            <ApiKeysCard />
          </Grid>
        )}
      </Grid>
    </>
  );
}

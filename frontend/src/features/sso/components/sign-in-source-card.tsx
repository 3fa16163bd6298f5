import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import CardHeader from '@mui/material/CardHeader';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import { LoadingScreen } from '@/components/loading-screen';

interface Mutation {
  isSuccess: boolean;
  isPending: boolean;
  error: unknown;
  reset: () => void;
}

interface Props {
  /** Label namespace: `sso` (OIDC provider) or `ldap` (directory). */
  ns: 'sso' | 'ldap';
  platform: boolean;
  query: { isPending: boolean; error: unknown; data: unknown };
  save: Mutation;
  remove: Mutation & { mutate: () => void };
  /** The form, given a handler that clears the other mutation's notice before saving. */
  form: (beforeSave: () => void) => ReactNode;
  /** Shown under the form once something is stored. */
  stored?: ReactNode;
  /** Whether the stored source may be removed here. */
  removable: boolean;
}

/** The frame both sign-in source cards share: load state, saved/removed notices, form, remove button. */
export function SignInSourceCard({
  ns,
  platform,
  query,
  save,
  remove,
  form,
  stored,
  removable,
}: Props) {
  const { t } = useTranslation();
  return (
    <Card sx={{ maxWidth: 760, mt: 3 }}>
      <CardHeader
        title={t(platform ? `${ns}.platformCard` : `${ns}.companyCard`)}
        subheader={t(platform ? `${ns}.platformHint` : `${ns}.companyHint`)}
      />
      <CardContent sx={{ pt: 0, display: 'grid', gap: 2 }}>
        {query.isPending ? (
          <LoadingScreen />
        ) : query.error ? (
          <ErrorAlert error={query.error} />
        ) : (
          <>
            {save.isSuccess && <Alert severity="success">{t(`${ns}.saved`)}</Alert>}
            {remove.isSuccess && <Alert severity="info">{t(`${ns}.removed`)}</Alert>}
            {!query.data && !save.isSuccess && (
              <Alert severity="info">{t(`${ns}.notConfigured`)}</Alert>
            )}
            {form(() => remove.reset())}
            {Boolean(query.data) && stored}
            {Boolean(query.data) && removable && (
              <Box>
                <ErrorAlert error={remove.error} />
                <Button
                  color="error"
                  disabled={remove.isPending}
                  onClick={() => {
                    save.reset();
                    remove.mutate();
                  }}
                >
                  {t(`${ns}.remove`)}
                </Button>
              </Box>
            )}
          </>
        )}
      </CardContent>
    </Card>
  );
}

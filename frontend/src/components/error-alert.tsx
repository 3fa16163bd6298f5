import Alert from '@mui/material/Alert';
import type { SxProps, Theme } from '@mui/material/styles';
import { useTranslation } from 'react-i18next';
import { isApiError } from '@/lib/api-error';

/** Turns any thrown value into a sentence a person can act on; never a stack trace. */
export function useErrorMessage(): (error: unknown) => string {
  const { t } = useTranslation();
  return (error) => {
    if (isApiError(error)) {
      const known = t(`errors.codes.${error.code}`, { defaultValue: '' });
      const base = error.message || known || t('errors.generic');
      return error.errorId ? `${base} ${t('errors.reference', { id: error.errorId })}` : base;
    }
    return t('errors.generic');
  };
}

export function ErrorAlert({ error, sx }: { error: unknown; sx?: SxProps<Theme> }) {
  const message = useErrorMessage();
  if (!error) return null;
  return (
    <Alert severity="error" sx={sx}>
      {message(error)}
    </Alert>
  );
}

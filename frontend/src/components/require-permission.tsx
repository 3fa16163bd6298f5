import LockOutlined from '@mui/icons-material/LockOutlined';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuthorization } from '@/lib/authorization';
import { EmptyState } from './empty-state';

/** Page-level gate: someone who follows a link without the permission gets a clear message. */
export function RequirePermission({
  permission,
  children,
}: {
  permission: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  if (useAuthorization().has(permission)) return children;
  return (
    <EmptyState
      icon={<LockOutlined fontSize="inherit" />}
      title={t('errors.forbiddenTitle')}
      description={t('errors.forbiddenDescription')}
    />
  );
}

import Chip from '@mui/material/Chip';
import { useTranslation } from 'react-i18next';

const COLOR = { info: 'info', warning: 'warning', critical: 'error' } as const;

export function SeverityChip({ severity }: { severity: keyof typeof COLOR }) {
  const { t } = useTranslation();
  return <Chip size="small" color={COLOR[severity]} label={t(`alerts.severity.${severity}`)} />;
}

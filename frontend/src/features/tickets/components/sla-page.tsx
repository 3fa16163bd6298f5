import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { PageHeader } from '@/components/page-header';
import { useAuthorization } from '@/lib/authorization';
import { perm } from '@/lib/permission-keys';
import { SlaPolicyEditor } from './sla-policy-editor';
import { SlaReport } from './sla-report';

/** /tickets/sla: the month's SLA figures, and (staff) the policies they are measured against. */
export function SlaPage() {
  const { t } = useTranslation();
  const authz = useAuthorization();
  const staff = authz.has(perm.ticketsManage);
  const [params, setParams] = useSearchParams();
  const tab = staff && params.get('tab') === 'policies' ? 'policies' : 'figures';
  return (
    <>
      <PageHeader title={t('tickets.sla.title')} subtitle={t('tickets.sla.subtitle')} />
      {staff && (
        <Tabs
          value={tab}
          onChange={(_, v: string) => setParams({ tab: v }, { replace: true })}
          sx={{ mb: 2 }}
        >
          <Tab value="figures" label={t('tickets.slaReport.title')} />
          <Tab value="policies" label={t('tickets.slaPolicy.title')} />
        </Tabs>
      )}
      {tab === 'policies' ? <SlaPolicyEditor /> : <SlaReport staff={staff} />}
    </>
  );
}

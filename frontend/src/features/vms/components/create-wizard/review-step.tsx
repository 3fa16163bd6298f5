import type { CreateVmInput } from '@multpanel/contracts';
import Alert from '@mui/material/Alert';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import type { TemplateDto } from '@/lib/queries/templates';

/** Step 7: the body about to be sent, what the contract schema finds wrong with it, the API's answer. */
export function ReviewStep({
  input,
  template,
  problems,
  error,
}: {
  input: CreateVmInput;
  template?: TemplateDto;
  problems: string[];
  error: unknown;
}) {
  const { t } = useTranslation();
  const source =
    input.source.type === 'template'
      ? `${template?.name ?? input.source.templateId} (${t(
          input.source.full ? 'vms.create.fullClone' : 'vms.create.linkedClone',
        )})`
      : input.source.type === 'iso'
        ? input.source.isoVolid
        : input.source.volid;
  return (
    <>
      <Table size="small" aria-label={t('vms.create.steps.review')}>
        <TableBody>
          <ReviewRow label={t('vms.fields.name')} value={input.name} />
          <ReviewRow label={t('vms.fields.type')} value={t(`vms.kind.${input.kind}`)} />
          <ReviewRow label={t('vms.create.steps.source')} value={source} />
          <ReviewRow
            label={t('vms.create.steps.placement')}
            value={input.node ? input.node : t('vms.create.placementAuto')}
          />
          <ReviewRow
            label={t('vms.create.steps.resources')}
            value={t('vms.create.resourcesSummary', {
              cores: input.cores,
              memory: input.memoryMb,
              disk: input.disks[0]?.sizeGb,
            })}
          />
          <ReviewRow
            label={t('vms.create.steps.network')}
            value={input.networks
              .map((n) => (n.vlan ? `${n.bridge} (VLAN ${n.vlan})` : n.bridge))
              .join(', ')}
          />
          {input.gpuMapping && (
            <ReviewRow label={t('vms.create.gpuMapping')} value={input.gpuMapping} />
          )}
          <ReviewRow
            label={t('vms.create.startAfter')}
            value={input.start ? t('vms.create.yes') : t('vms.create.no')}
          />
        </TableBody>
      </Table>
      {problems.length > 0 && (
        <Alert severity="error" data-testid="contract-problems">
          {problems.join('; ')}
        </Alert>
      )}
      <ErrorAlert error={error} />
    </>
  );
}

function ReviewRow({ label, value }: { label: string; value: ReactNode }) {
  return (
    <TableRow>
      <TableCell component="th" scope="row" sx={{ width: 200, fontWeight: 600 }}>
        {label}
      </TableCell>
      <TableCell>{value}</TableCell>
    </TableRow>
  );
}

import type { CreateVmInput } from '@multpanel/contracts';
import Alert from '@mui/material/Alert';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ErrorAlert } from '@/components/error-alert';
import type { TemplateDto } from '@/lib/queries/templates';
import { formatBytes } from '../format';
import { bulkNames } from './wizard-schema';

const MIB = 1024 ** 2;
const GIB = 1024 ** 3;

/** Step 7: the body about to be sent, what the contract schema finds wrong with it, the API's answer. */
export function ReviewStep({
  input,
  count = 1,
  template,
  problems,
  error,
}: {
  input: CreateVmInput;
  /** Guests to create from this body (> 1: bulk create, `<name>-1..N`). */
  count?: number;
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
          {count > 1 ? (
            <ReviewRow
              label={t('vms.create.bulkNames', { count })}
              value={bulkNames(input.name, count).join(', ')}
            />
          ) : (
            <ReviewRow label={t('vms.fields.name')} value={input.name} />
          )}
          <ReviewRow label={t('vms.fields.type')} value={t(`vms.kind.${input.kind}`)} />
          <ReviewRow label={t('vms.create.steps.source')} value={source} />
          <ReviewRow
            label={t('vms.create.steps.placement')}
            value={input.node ? input.node : t('vms.create.placementAuto')}
          />
          <ReviewRow
            label={t('vms.create.steps.resources')}
            value={[
              t('vms.create.coresCount', { count: input.cores }),
              t('vms.create.memorySummary', { value: formatBytes(input.memoryMb * MIB) }),
              t('vms.create.diskSummary', {
                value: formatBytes((input.disks[0]?.sizeGb ?? 0) * GIB),
                storage: input.disks[0]?.storage ?? t('vms.create.storageDefault'),
              }),
            ].join(', ')}
          />
          <ReviewRow
            label={t('vms.create.steps.network')}
            value={[
              input.networks
                .map((n) => (n.vlan ? `${n.bridge} (VLAN ${n.vlan})` : n.bridge))
                .join(', '),
              count > 1 && input.networks.some((n) => n.ipamRangeId)
                ? t('vms.create.bulkAddresses', { count })
                : null,
            ]
              .filter(Boolean)
              .join(' · ')}
          />
          {input.gpuMapping && (
            <ReviewRow label={t('vms.create.gpuMapping')} value={input.gpuMapping} />
          )}
          <ReviewRow label={t('vms.create.steps.cloudInit')} value={cloudInitSummary(input, t)} />
          {input.tags?.length ? (
            <ReviewRow label={t('vms.fields.tags')} value={input.tags.join(', ')} />
          ) : null}
          {input.description ? (
            <ReviewRow label={t('vms.create.description')} value={input.description} />
          ) : null}
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

/** Cloud-init in one line: user, password set or not, number of keys, address, DNS; never the password. */
function cloudInitSummary(input: CreateVmInput, t: TFunction): string {
  const ci = input.cloudInit;
  if (!ci) return t('vms.create.cloudInitNone');
  const ip = ci.ipConfig?.[0];
  return [
    ci.user ? t('vms.create.ciUserSummary', { user: ci.user }) : null,
    ci.password ? t('vms.create.ciPasswordSet') : null,
    ci.sshKeys?.length ? t('vms.create.ciKeys', { count: ci.sshKeys.length }) : null,
    ip ? (ip.gw ? t('vms.create.ciIpVia', { ip: ip.ip, gw: ip.gw }) : ip.ip) : null,
    ci.dns?.servers?.length ? t('vms.create.ciDns', { servers: ci.dns.servers.join(', ') }) : null,
    ci.dns?.searchDomain ? ci.dns.searchDomain : null,
  ]
    .filter(Boolean)
    .join(' · ');
}

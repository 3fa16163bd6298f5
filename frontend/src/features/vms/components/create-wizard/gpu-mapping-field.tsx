import Alert from '@mui/material/Alert';
import ListItemText from '@mui/material/ListItemText';
import MenuItem from '@mui/material/MenuItem';
import type { Control } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import { FormTextField } from '@/components/form-text-field';
import { usePciMappings, type PciMappingView } from '../../api/pci-mappings';
import type { WizardValues } from './wizard-schema';

const devicesOf = (m: PciMappingView) =>
  m.devices.map((d) => `${d.node}: ${d.path}${d.deviceId ? ` (${d.deviceId})` : ''}`).join(' · ');

/**
 * The GPU of a "Windows + GPU" template: a Select of the template cluster's PCI mappings with
 * their description and nodes. With a chosen node, mappings without a device there are greyed
 * out; with automatic placement the API places the VM on a node the mapping covers.
 */
export function GpuMappingField({
  control,
  clusterId,
  companyId,
  node,
  value,
}: {
  control: Control<WizardValues>;
  clusterId: string;
  companyId: string;
  /** The node chosen by hand, or '' for automatic placement. */
  node: string;
  value: string;
}) {
  const { t } = useTranslation();
  const mappings = usePciMappings({ clusterId, companyId: companyId || undefined }, true);
  const list = mappings.data ?? [];
  const selected = list.find((m) => m.id === value);

  if (mappings.isError)
    return (
      <>
        <ErrorAlert error={mappings.error} />
        <Alert severity="info">{t('vms.create.gpuMappingUnavailable')}</Alert>
      </>
    );
  if (mappings.isSuccess && list.length === 0)
    return <Alert severity="info">{t('vms.create.gpuMappingNone')}</Alert>;

  const help = mappings.isLoading
    ? t('vms.create.gpuMappingLoading')
    : selected
      ? node
        ? t('vms.create.gpuMappingOnNode', { node })
        : t('vms.create.gpuMappingAuto', { nodes: selected.nodes.join(', ') })
      : t('vms.create.gpuMappingHelp');

  return (
    <FormTextField
      control={control}
      name="gpuMapping"
      select
      label={t('vms.create.gpuMapping')}
      disabled={mappings.isLoading}
      helperText={help}
      sx={{ gridColumn: { sm: 'span 2' } }}
      slotProps={{
        select: {
          displayEmpty: true,
          renderValue: (v) => {
            const m = list.find((x) => x.id === v);
            if (!m) return t('vms.create.gpuMappingNoGpu');
            return m.description ? `${m.id} — ${m.description}` : m.id;
          },
        },
        inputLabel: { shrink: true },
      }}
    >
      <MenuItem value="">
        <ListItemText primary={t('vms.create.gpuMappingNoGpu')} />
      </MenuItem>
      {list.map((m) => {
        const missing = !!node && !m.nodes.includes(node);
        return (
          <MenuItem key={m.id} value={m.id} disabled={missing || m.nodes.length === 0}>
            <ListItemText
              primary={m.description ? `${m.id} — ${m.description}` : m.id}
              secondary={
                missing
                  ? t('vms.create.gpuMappingNotOnNode', { node, nodes: m.nodes.join(', ') })
                  : t('vms.create.gpuMappingNodes', {
                      nodes: m.nodes.join(', ') || '—',
                      devices: devicesOf(m),
                    })
              }
            />
          </MenuItem>
        );
      })}
    </FormTextField>
  );
}

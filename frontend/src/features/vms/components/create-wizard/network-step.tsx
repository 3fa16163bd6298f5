import Add from '@mui/icons-material/Add';
import DeleteOutline from '@mui/icons-material/DeleteOutline';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import MenuItem from '@mui/material/MenuItem';
import Typography from '@mui/material/Typography';
import { useFieldArray, useWatch, type Control } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { FormTextField } from '@/components/form-text-field';
import type { PlacementResources } from '../../api/placement';
import { useAuthorization } from '@/lib/authorization';
import { perm } from '@/lib/permission-keys';
import { useGuestRanges, useNextFreeAddress } from '../../api/ipam-ranges';
import { NIC_MODELS } from '../vm-schemas';
import { bridgeChoices } from './placement-options';
import { isBulk, type WizardValues } from './wizard-schema';

/** At most eight NICs, like the API. */
const MAX_NICS = 8;

/**
 * The address a NIC's range will hand out (its first free one now); for a bulk create of `count`
 * guests, that each gets its own, or that the range is too small for all of them.
 */
function NextAddress({ rangeId, free, count }: { rangeId: string; free?: number; count: number }) {
  const { t } = useTranslation();
  const next = useNextFreeAddress(rangeId);
  if (count > 1 && free !== undefined && free < count) {
    return (
      <Alert severity="warning" sx={{ mt: 0.5 }} data-testid="range-too-small">
        {t('vms.network.rangeTooSmall', { count, free })}
      </Alert>
    );
  }
  if (!next.isSuccess) return null;
  return (
    <Typography variant="body2" sx={{ mt: 1.5 }} data-testid="next-address">
      {next.data
        ? count > 1
          ? t('vms.network.nextAddressBulk', { address: next.data, count })
          : t('vms.network.nextAddress', { address: next.data })
        : t('vms.network.rangeFull')}
    </Typography>
  );
}

/** Step 5: network cards (bridge, VLAN tag, model, IPAM range with the address it will give). */
export function NetworkStep({
  control,
  values,
  resources,
}: {
  control: Control<WizardValues>;
  values: WizardValues;
  /** The cluster's bridges; free text while they are unknown. */
  resources?: PlacementResources;
}) {
  const { t } = useTranslation();
  const authz = useAuthorization();
  const { fields, append, remove } = useFieldArray({ control, name: 'networks' });
  const bridges =
    resources && resources.clusterId === values.clusterId
      ? bridgeChoices(resources, values.placement === 'manual' ? values.node.trim() : '')
      : null;
  const [companyId, clusterId, networks] = useWatch({
    control,
    name: ['companyId', 'clusterId', 'networks'],
  });
  const ranges = useGuestRanges(companyId, clusterId, authz.has(perm.ipamRead));
  const offered = ranges.data ?? [];
  return (
    <>
      {fields.map((f, i) => (
        <Box
          key={f.id}
          sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', alignItems: 'flex-start' }}
        >
          {bridges && bridges.length > 0 ? (
            <FormTextField
              control={control}
              name={`networks.${i}.bridge`}
              select
              label={t('vms.network.bridge')}
              sx={{ minWidth: 200 }}
            >
              {withCurrent(bridges, values.networks[i]?.bridge).map((b) => (
                <MenuItem key={b.iface} value={b.iface}>
                  {b.comment ? `${b.iface} — ${b.comment}` : b.iface}
                </MenuItem>
              ))}
            </FormTextField>
          ) : (
            <FormTextField
              control={control}
              name={`networks.${i}.bridge`}
              label={t('vms.network.bridge')}
              sx={{ width: 160 }}
            />
          )}
          <FormTextField
            control={control}
            name={`networks.${i}.vlan`}
            label={t('vms.network.vlan')}
            helperText={
              bridges && !bridges.find((b) => b.iface === values.networks[i]?.bridge)?.vlanAware
                ? t('vms.network.vlanNotAware')
                : t('vms.network.vlanHelp')
            }
            sx={{ width: 220 }}
          />
          <FormTextField
            control={control}
            name={`networks.${i}.model`}
            select
            label={t('vms.network.model')}
            sx={{ width: 160 }}
          >
            {NIC_MODELS.map((m) => (
              <MenuItem key={m} value={m}>
                {m}
              </MenuItem>
            ))}
          </FormTextField>
          {offered.length > 0 && (
            <FormTextField
              control={control}
              name={`networks.${i}.ipamRangeId`}
              select
              label={t('vms.network.range')}
              helperText={t('vms.network.rangeHelp')}
              sx={{ width: 260 }}
            >
              <MenuItem value="">{t('vms.network.noRange')}</MenuItem>
              {offered.map((r) => (
                <MenuItem key={r.id} value={r.id}>
                  {`${r.name} (${r.cidr}${r.vlan ? `, VLAN ${r.vlan}` : ''})`}
                </MenuItem>
              ))}
            </FormTextField>
          )}
          {networks[i]?.ipamRangeId && (
            <NextAddress
              rangeId={networks[i].ipamRangeId}
              free={offered.find((r) => r.id === networks[i]?.ipamRangeId)?.usage.free}
              count={isBulk(values.count) ? Number(values.count) : 1}
            />
          )}
          <IconButton
            aria-label={t('vms.network.remove', { index: i })}
            onClick={() => remove(i)}
            sx={{ mt: 1 }}
          >
            <DeleteOutline />
          </IconButton>
        </Box>
      ))}
      {fields.length < MAX_NICS && (
        <Button
          startIcon={<Add />}
          onClick={() =>
            append({
              bridge: bridges?.[0]?.iface ?? 'vmbr0',
              vlan: '',
              model: 'virtio',
              ipamRangeId: '',
            })
          }
          sx={{ justifySelf: 'start' }}
        >
          {t('vms.network.add')}
        </Button>
      )}
    </>
  );
}

/** The bridges offered, plus the row's current one when the cluster lacks it (shown, not lost). */
function withCurrent<B extends { iface: string; comment: string | null }>(
  bridges: B[],
  current: string | undefined,
): Array<Pick<B, 'iface' | 'comment'>> {
  return current && !bridges.some((b) => b.iface === current)
    ? [...bridges, { iface: current, comment: null }]
    : bridges;
}

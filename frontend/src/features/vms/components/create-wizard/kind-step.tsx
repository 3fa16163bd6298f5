import MenuItem from '@mui/material/MenuItem';
import type { Control, UseFormSetValue } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { FormTextField } from '@/components/form-text-field';
import type { CompanyOption } from '@/lib/queries/companies';
import { RadioField } from './wizard-fields';
import { KIND_DEFAULTS, type WizardValues } from './wizard-schema';

/** Step 1: for which company (staff only) and what kind of guest. */
export function KindStep({
  control,
  setValue,
  companies,
}: {
  control: Control<WizardValues>;
  setValue: UseFormSetValue<WizardValues>;
  /** Staff pick the company; others create in their own (undefined). */
  companies?: CompanyOption[];
}) {
  const { t } = useTranslation();
  return (
    <>
      {companies && (
        <FormTextField control={control} name="companyId" select label={t('vms.fields.company')}>
          {companies.map((c) => (
            <MenuItem key={c.id} value={c.id}>
              {c.name}
            </MenuItem>
          ))}
        </FormTextField>
      )}
      <RadioField
        control={control}
        name="kind"
        label={t('vms.create.kindLabel')}
        options={[
          { value: 'qemu', label: t('vms.kind.qemu'), help: t('vms.create.kindQemuHelp') },
          { value: 'lxc', label: t('vms.kind.lxc'), help: t('vms.create.kindLxcHelp') },
        ]}
        onChange={(kind) => {
          // Sources differ per kind, and containers take their address by DHCP by default.
          setValue('sourceType', 'template');
          setValue('templateId', '');
          if (kind === 'lxc') setValue('ciIp', 'dhcp');
          // Sizes follow the kind's defaults (the resources step shows them).
          const sizes = KIND_DEFAULTS[kind === 'lxc' ? 'lxc' : 'qemu'];
          for (const key of ['cores', 'memoryGb', 'diskGb'] as const) setValue(key, sizes[key]);
        }}
      />
    </>
  );
}

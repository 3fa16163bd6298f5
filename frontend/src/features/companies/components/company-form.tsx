import { zodResolver } from '@hookform/resolvers/zod';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import FormControlLabel from '@mui/material/FormControlLabel';
import Switch from '@mui/material/Switch';
import Typography from '@mui/material/Typography';
import { Controller, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { ErrorAlert } from '@/components/error-alert';
import { FormTextField } from '@/components/form-text-field';
import type { CompanyView, CreateCompanyInput } from '@multpanel/contracts';

const optionalText = z.string().trim().max(191);
// Quotas: empty means "no limit".
const optionalQuota = z
  .string()
  .trim()
  .refine((v) => v === '' || /^\d+$/.test(v), 'validation.wholeNumber');

const companyFormSchema = z.object({
  name: z.string().trim().min(1, 'validation.required').max(191),
  contactName: optionalText,
  contactEmail: z
    .string()
    .trim()
    .refine((v) => v === '' || z.email().safeParse(v).success, 'validation.email'),
  contactPhone: optionalText,
  maxGuests: optionalQuota,
  maxVcpus: optionalQuota,
  maxMemoryMb: optionalQuota,
  maxDiskGb: optionalQuota,
  require2fa: z.boolean(),
  mayOwnClusters: z.boolean(),
});
type CompanyFormValues = z.infer<typeof companyFormSchema>;

const quotaFields = ['maxGuests', 'maxVcpus', 'maxMemoryMb', 'maxDiskGb'] as const;

const toValues = (company?: CompanyView): CompanyFormValues => ({
  name: company?.name ?? '',
  contactName: company?.contactName ?? '',
  contactEmail: company?.contactEmail ?? '',
  contactPhone: company?.contactPhone ?? '',
  maxGuests: company?.maxGuests?.toString() ?? '',
  maxVcpus: company?.maxVcpus?.toString() ?? '',
  maxMemoryMb: company?.maxMemoryMb?.toString() ?? '',
  maxDiskGb: company?.maxDiskGb?.toString() ?? '',
  require2fa: company?.require2fa ?? false,
  mayOwnClusters: company?.mayOwnClusters ?? false,
});

const toInput = (v: CompanyFormValues): CreateCompanyInput => ({
  name: v.name,
  contactName: v.contactName || null,
  contactEmail: v.contactEmail || null,
  contactPhone: v.contactPhone || null,
  maxGuests: v.maxGuests ? Number(v.maxGuests) : null,
  maxVcpus: v.maxVcpus ? Number(v.maxVcpus) : null,
  maxMemoryMb: v.maxMemoryMb ? Number(v.maxMemoryMb) : null,
  maxDiskGb: v.maxDiskGb ? Number(v.maxDiskGb) : null,
  require2fa: v.require2fa,
  mayOwnClusters: v.mayOwnClusters,
});

export function CompanyForm({
  company,
  submitLabel,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  company?: CompanyView;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (input: CreateCompanyInput) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const form = useForm<CompanyFormValues>({
    resolver: zodResolver(companyFormSchema),
    defaultValues: toValues(company),
  });

  return (
    <Box
      component="form"
      noValidate
      onSubmit={form.handleSubmit((v) => onSubmit(toInput(v)))}
      sx={{ display: 'grid', gap: 2, maxWidth: 640 }}
    >
      <ErrorAlert error={error} />
      <FormTextField
        control={form.control}
        name="name"
        label={t('companies.fields.name')}
        required
      />
      <Typography variant="h6" component="h2">
        {t('companies.sections.contact')}
      </Typography>
      <FormTextField
        control={form.control}
        name="contactName"
        label={t('companies.fields.contactName')}
      />
      <FormTextField
        control={form.control}
        name="contactEmail"
        type="email"
        label={t('companies.fields.contactEmail')}
      />
      <FormTextField
        control={form.control}
        name="contactPhone"
        label={t('companies.fields.contactPhone')}
      />
      <Typography variant="h6" component="h2">
        {t('companies.sections.quotas')}
      </Typography>
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { sm: '1fr 1fr' } }}>
        {quotaFields.map((field) => (
          <FormTextField
            key={field}
            control={form.control}
            name={field}
            label={t(`companies.fields.${field}`)}
            helperText={t('companies.quotaHint')}
            slotProps={{ htmlInput: { inputMode: 'numeric' } }}
          />
        ))}
      </Box>
      <Typography variant="h6" component="h2">
        {t('companies.sections.security')}
      </Typography>
      <Controller
        control={form.control}
        name="require2fa"
        render={({ field }) => (
          <FormControlLabel
            control={
              <Switch checked={field.value} onChange={(e) => field.onChange(e.target.checked)} />
            }
            label={t('companies.fields.require2fa')}
          />
        )}
      />
      <Typography variant="body2" color="text.secondary" sx={{ mt: -1 }}>
        {t('companies.require2faHelp')}
      </Typography>
      <Controller
        control={form.control}
        name="mayOwnClusters"
        render={({ field }) => (
          <FormControlLabel
            control={
              <Switch checked={field.value} onChange={(e) => field.onChange(e.target.checked)} />
            }
            label={t('companies.fields.mayOwnClusters')}
          />
        )}
      />
      <Typography variant="body2" color="text.secondary" sx={{ mt: -1 }}>
        {t('companies.mayOwnClustersHelp')}
      </Typography>
      <Box sx={{ display: 'flex', gap: 1, justifyContent: 'flex-end' }}>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
        <Button type="submit" variant="contained" disabled={pending}>
          {submitLabel}
        </Button>
      </Box>
    </Box>
  );
}

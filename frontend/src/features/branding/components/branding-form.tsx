import { zodResolver } from '@hookform/resolvers/zod';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import type { BrandingDto, BrandingUpdateInput } from '@multpanel/contracts';
import { ErrorAlert } from '@/components/error-alert';
import { FormTextField } from '@/components/form-text-field';
import { useUpdateBranding } from '../api/update-branding';

const optional = (max: number) => z.string().trim().max(max);
const colour = z
  .string()
  .trim()
  .refine((v) => v === '' || /^#[0-9a-fA-F]{6}$/.test(v), 'branding.validation.colour');
const email = z
  .string()
  .trim()
  .refine((v) => v === '' || z.email().safeParse(v).success, 'validation.email');

const brandingFormSchema = z.object({
  productName: optional(80),
  primaryColor: colour,
  secondaryColor: colour,
  supportEmail: email,
  supportPhone: optional(64),
  footerText: optional(500),
  mailFromName: optional(120),
  mailFromAddress: email,
});
type BrandingFormValues = z.infer<typeof brandingFormSchema>;
const FIELDS = Object.keys(brandingFormSchema.shape) as (keyof BrandingFormValues)[];

const toValues = (b: BrandingDto): BrandingFormValues =>
  Object.fromEntries(FIELDS.map((k) => [k, b[k] ?? ''])) as BrandingFormValues;
const toInput = (v: BrandingFormValues): BrandingUpdateInput =>
  Object.fromEntries(FIELDS.map((k) => [k, v[k] === '' ? null : v[k]])) as BrandingUpdateInput;

/** Name, colours, contact and mail sender; empty fields fall back to the MSP's branding. */
export function BrandingForm({ branding }: { branding: BrandingDto }) {
  const { t } = useTranslation();
  const update = useUpdateBranding();
  const form = useForm<BrandingFormValues>({
    resolver: zodResolver(brandingFormSchema),
    defaultValues: toValues(branding),
  });
  return (
    <Box
      component="form"
      noValidate
      onSubmit={form.handleSubmit((v) =>
        update.mutate({ companyId: branding.companyId, input: toInput(v) }),
      )}
      sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' } }}
    >
      <FormTextField
        control={form.control}
        name="productName"
        label={t('branding.fields.productName')}
      />
      <Box />
      <FormTextField
        control={form.control}
        name="primaryColor"
        label={t('branding.fields.primaryColor')}
        placeholder="#1f4f8f"
      />
      <FormTextField
        control={form.control}
        name="secondaryColor"
        label={t('branding.fields.secondaryColor')}
        placeholder="#4f5866"
      />
      <FormTextField
        control={form.control}
        name="supportEmail"
        label={t('branding.fields.supportEmail')}
      />
      <FormTextField
        control={form.control}
        name="supportPhone"
        label={t('branding.fields.supportPhone')}
      />
      <FormTextField
        control={form.control}
        name="mailFromName"
        label={t('branding.fields.mailFromName')}
      />
      <FormTextField
        control={form.control}
        name="mailFromAddress"
        label={t('branding.fields.mailFromAddress')}
      />
      <Box sx={{ gridColumn: '1 / -1' }}>
        <FormTextField
          control={form.control}
          name="footerText"
          label={t('branding.fields.footerText')}
          multiline
          minRows={2}
          fullWidth
        />
      </Box>
      <Box sx={{ gridColumn: '1 / -1', display: 'grid', gap: 1 }}>
        <ErrorAlert error={update.error} />
        {update.isSuccess && <Alert severity="success">{t('branding.saved')}</Alert>}
        <Box>
          <Button type="submit" variant="contained" disabled={update.isPending}>
            {t('common.save')}
          </Button>
        </Box>
      </Box>
    </Box>
  );
}

import { zodResolver } from '@hookform/resolvers/zod';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { ErrorAlert } from '@/components/error-alert';
import { FormTextField } from '@/components/form-text-field';
import { useSetPrices } from '../api/set-prices';
import type { UsagePriceList } from '../api/types';

const unitPrice = z
  .string()
  .trim()
  .min(1, 'validation.required')
  .refine((v) => /^\d+(\.\d+)?$/.test(v) && Number(v) <= 1e6, 'usage.prices.invalidPrice');

const priceFormSchema = z.object({
  currency: z
    .string()
    .trim()
    .transform((v) => v.toUpperCase())
    .refine((v) => /^[A-Z]{3}$/.test(v), 'usage.prices.invalidCurrency'),
  vcpuHour: unitPrice,
  ramGbHour: unitPrice,
  diskGbMonth: unitPrice,
  backupGbMonth: unitPrice,
  publicIpMonth: unitPrice,
});
type PriceFormInput = z.input<typeof priceFormSchema>;
type PriceFormValues = z.output<typeof priceFormSchema>;

const FIELDS = ['vcpuHour', 'ramGbHour', 'diskGbMonth', 'backupGbMonth', 'publicIpMonth'] as const;

/** Staff: a company's unit prices (PUT /api/usage/prices/:companyId). */
export function PriceListDialog({
  companyId,
  current,
  onClose,
}: {
  companyId: string;
  current: UsagePriceList | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const save = useSetPrices(companyId);
  const form = useForm<PriceFormInput, unknown, PriceFormValues>({
    resolver: zodResolver(priceFormSchema),
    defaultValues: {
      currency: current?.currency ?? 'EUR',
      vcpuHour: current ? String(current.vcpuHour) : '',
      ramGbHour: current ? String(current.ramGbHour) : '',
      diskGbMonth: current ? String(current.diskGbMonth) : '',
      backupGbMonth: current ? String(current.backupGbMonth) : '',
      publicIpMonth: current ? String(current.publicIpMonth) : '',
    },
  });
  const submit = form.handleSubmit((v) =>
    save.mutate(
      {
        currency: v.currency,
        vcpuHour: Number(v.vcpuHour),
        ramGbHour: Number(v.ramGbHour),
        diskGbMonth: Number(v.diskGbMonth),
        backupGbMonth: Number(v.backupGbMonth),
        publicIpMonth: Number(v.publicIpMonth),
      },
      { onSuccess: onClose },
    ),
  );

  return (
    <Dialog open onClose={onClose} aria-labelledby="usage-prices-title" fullWidth maxWidth="xs">
      <DialogTitle id="usage-prices-title">{t('usage.prices.title')}</DialogTitle>
      <form noValidate onSubmit={(e) => void submit(e)}>
        <DialogContent sx={{ display: 'grid', gap: 2 }}>
          {save.error && <ErrorAlert error={save.error} />}
          <FormTextField
            control={form.control}
            name="currency"
            label={t('usage.prices.currency')}
            inputProps={{ maxLength: 3 }}
          />
          {FIELDS.map((f) => (
            <FormTextField
              key={f}
              control={form.control}
              name={f}
              label={t(`usage.prices.${f}`)}
              inputMode="decimal"
            />
          ))}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" variant="contained" disabled={save.isPending}>
            {t('common.save')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

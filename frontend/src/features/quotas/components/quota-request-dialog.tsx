import { zodResolver } from '@hookform/resolvers/zod';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
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
import { useCreateQuotaRequest } from '../api/quota-requests';
import { QUOTA_DIMENSIONS, type QuotaDimension, type QuotaLine } from '../api/types';

const optionalCount = z
  .string()
  .trim()
  .refine((v) => v === '' || /^\d+$/.test(v), 'validation.wholeNumber');

const fields = z.object({
  guests: optionalCount,
  vcpus: optionalCount,
  memoryMb: optionalCount,
  diskGb: optionalCount,
  reason: z.string().trim().min(3, 'quotas.reasonRequired').max(1000),
});
type Values = z.infer<typeof fields>;

/** "Enter at least one" shows under the first field the dialog offers (limited dimensions only). */
const schemaFor = (offered: QuotaDimension[]) =>
  fields.refine((v) => offered.some((d) => v[d] !== ''), {
    message: 'quotas.nothingRequested',
    path: [offered[0] ?? 'reason'],
  });

/** company_admin asks for higher limits; the salesperson or a platform admin decides. */
export function QuotaRequestDialog({
  companyId,
  lines,
  onClose,
}: {
  companyId: string;
  lines: QuotaLine[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const mutation = useCreateQuotaRequest();
  const offered = QUOTA_DIMENSIONS.filter(
    (d) => lines.find((l) => l.dimension === d)?.limit !== null,
  );
  const form = useForm<Values>({
    resolver: zodResolver(schemaFor(offered)),
    defaultValues: { guests: '', vcpus: '', memoryMb: '', diskGb: '', reason: '' },
  });

  const submit = form.handleSubmit((v) => {
    const requested: Record<string, number> = {};
    for (const d of offered) if (v[d] !== '') requested[d] = Number(v[d]);
    mutation.mutate({ companyId, requested, reason: v.reason });
  });

  return (
    <Dialog
      open
      onClose={mutation.isPending ? undefined : onClose}
      aria-labelledby="quota-req-title"
    >
      <DialogTitle id="quota-req-title">{t('quotas.requestTitle')}</DialogTitle>
      <Box component="form" noValidate onSubmit={(e) => void submit(e)}>
        <DialogContent sx={{ display: 'grid', gap: 2 }}>
          {mutation.isSuccess ? (
            <Alert severity="success">{t('quotas.requestSent')}</Alert>
          ) : (
            <>
              {/* Nothing to raise where there is no limit. */}
              {offered.map((d) => {
                const line = lines.find((l) => l.dimension === d);
                return (
                  <FormTextField
                    key={d}
                    control={form.control}
                    name={d}
                    label={t(`quotas.dimensions.${d}`)}
                    helperText={t('quotas.currentLimit', { value: line?.limit ?? '' })}
                    slotProps={{ htmlInput: { inputMode: 'numeric' } }}
                  />
                );
              })}
              <FormTextField
                control={form.control}
                name="reason"
                label={t('quotas.reason')}
                multiline
                minRows={2}
                required
              />
              <ErrorAlert error={mutation.error} />
            </>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={mutation.isPending}>
            {mutation.isSuccess ? t('common.done') : t('common.cancel')}
          </Button>
          {!mutation.isSuccess && (
            <Button type="submit" variant="contained" disabled={mutation.isPending}>
              {t('quotas.sendRequest')}
            </Button>
          )}
        </DialogActions>
      </Box>
    </Dialog>
  );
}

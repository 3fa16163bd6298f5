import { zodResolver } from '@hookform/resolvers/zod';
import AttachFile from '@mui/icons-material/AttachFile';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import {
  TICKET_ATTACHMENT_TYPES,
  TICKET_CATEGORIES,
  TICKET_PRIORITIES,
  type TicketCategory,
  type TicketPriority,
} from '@multpanel/contracts';
import { ErrorAlert } from '@/components/error-alert';
import { FormTextField } from '@/components/form-text-field';
import type { CreateTicketInput } from '../api/create-ticket';
import type { TicketPrefill } from '../api/ticket-prefill';

const ticketFormSchema = z.object({
  subject: z.string().trim().min(3, 'validation.required').max(200),
  description: z.string().trim().min(1, 'validation.required').max(20_000),
  category: z.enum(TICKET_CATEGORIES),
  priority: z.enum(TICKET_PRIORITIES),
});
type TicketFormValues = z.infer<typeof ticketFormSchema>;

export interface TicketFormSubmit {
  input: CreateTicketInput;
  files: File[];
}

type TicketLinks = Pick<
  CreateTicketInput,
  'guestId' | 'jobId' | 'alertId' | 'backupRunId' | 'firewallId' | 'companyId'
>;

/**
 * Subject, description, category, priority and files; links (guest, job, alert…) and what is filled
 * in from them come from the caller.
 */
export function TicketForm({
  links,
  prefill,
  pending,
  error,
  compact,
  onSubmit,
  onCancel,
}: {
  links: TicketLinks;
  /** Read once, when the form starts. */
  prefill?: TicketPrefill | null;
  pending: boolean;
  error: unknown;
  /** The phone view: camera capture, no category/priority. */
  compact?: boolean;
  onSubmit: (value: TicketFormSubmit) => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const [files, setFiles] = useState<File[]>([]);
  const form = useForm<TicketFormValues>({
    resolver: zodResolver(ticketFormSchema),
    defaultValues: {
      subject: prefill?.subject ?? '',
      description: prefill?.description ?? '',
      category: (links.guestId || links.jobId || links.alertId || links.backupRunId
        ? 'incident'
        : 'question') as TicketCategory,
      priority: 'normal' as TicketPriority,
    },
  });

  return (
    <Box
      component="form"
      noValidate
      onSubmit={form.handleSubmit((v) => onSubmit({ input: { ...links, ...v }, files }))}
      sx={{ display: 'grid', gap: 2, maxWidth: 720 }}
    >
      <FormTextField
        control={form.control}
        name="subject"
        label={t('tickets.fields.subject')}
        required
      />
      <FormTextField
        control={form.control}
        name="description"
        label={t('tickets.fields.description')}
        required
        multiline
        minRows={compact ? 4 : 6}
      />
      {!compact && (
        <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
          <FormTextField
            control={form.control}
            name="category"
            select
            label={t('tickets.fields.category')}
            sx={{ minWidth: 200 }}
          >
            {TICKET_CATEGORIES.map((c) => (
              <MenuItem key={c} value={c}>
                {t(`tickets.category.${c}`)}
              </MenuItem>
            ))}
          </FormTextField>
          <FormTextField
            control={form.control}
            name="priority"
            select
            label={t('tickets.fields.priority')}
            sx={{ minWidth: 200 }}
          >
            {TICKET_PRIORITIES.map((p) => (
              <MenuItem key={p} value={p}>
                {t(`tickets.priority.${p}`)}
              </MenuItem>
            ))}
          </FormTextField>
        </Box>
      )}
      <FilePicker files={files} onChange={setFiles} camera={compact} />
      <ErrorAlert error={error} />
      <Box sx={{ display: 'flex', gap: 1 }}>
        <Button type="submit" variant="contained" disabled={pending}>
          {t('tickets.create')}
        </Button>
        {onCancel && (
          <Button onClick={onCancel} disabled={pending}>
            {t('common.cancel')}
          </Button>
        )}
      </Box>
    </Box>
  );
}

/** Picks files to attach (on a phone, `camera` offers the camera for a photo). */
export function FilePicker({
  files,
  onChange,
  camera,
}: {
  files: File[];
  onChange: (files: File[]) => void;
  camera?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Box>
      <Button component="label" variant="outlined" startIcon={<AttachFile />} size="small">
        {t(camera ? 'tickets.takePhoto' : 'tickets.attach')}
        <input
          hidden
          type="file"
          multiple
          accept={TICKET_ATTACHMENT_TYPES.join(',')}
          {...(camera ? { capture: 'environment' } : {})}
          aria-label={t(camera ? 'tickets.takePhoto' : 'tickets.attach')}
          onChange={(e) => {
            onChange([...files, ...Array.from(e.target.files ?? [])]);
            e.target.value = '';
          }}
        />
      </Button>
      <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
        {files.length > 0 ? files.map((f) => f.name).join(', ') : t('tickets.attachmentHelp')}
      </Typography>
    </Box>
  );
}

import { zodResolver } from '@hookform/resolvers/zod';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import { FormTextField } from '@/components/form-text-field';
import { useUpdateVm } from '../api/vm-mutations';
import type { VmDetail } from '../api/types';
import { notesSchema, type NotesValues } from './vm-schemas';

/** The guest's notes (Proxmox `description`), edited in place by whoever may edit the guest. */
export function VmNotesCard({ vm, canEdit }: { vm: VmDetail; canEdit: boolean }) {
  const { t } = useTranslation();
  const update = useUpdateVm();
  const [editing, setEditing] = useState(false);
  const notes = vm.config?.description ?? '';
  const form = useForm<NotesValues>({
    resolver: zodResolver(notesSchema),
    values: { description: notes },
  });
  const save = form.handleSubmit((v) =>
    update.mutate(
      { id: vm.id, input: { description: v.description } },
      { onSuccess: () => setEditing(false) },
    ),
  );

  return (
    <Card>
      <CardContent sx={{ display: 'grid', gap: 1 }}>
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
          <Typography variant="h6" component="h2" sx={{ flex: 1 }}>
            {t('vms.notes.title')}
          </Typography>
          {canEdit && !editing && vm.config && (
            <Button
              size="small"
              onClick={() => {
                update.reset();
                setEditing(true);
              }}
            >
              {t('vms.notes.edit')}
            </Button>
          )}
        </Box>
        {editing ? (
          <Box
            component="form"
            noValidate
            onSubmit={(e) => void save(e)}
            sx={{ display: 'grid', gap: 1 }}
          >
            <FormTextField
              control={form.control}
              name="description"
              label={t('vms.notes.title')}
              multiline
              minRows={3}
              autoFocus
            />
            <ErrorAlert error={update.error} />
            <Box sx={{ display: 'flex', gap: 1, justifyContent: 'flex-end' }}>
              <Button onClick={() => setEditing(false)} disabled={update.isPending}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" variant="contained" disabled={update.isPending}>
                {t('common.save')}
              </Button>
            </Box>
          </Box>
        ) : (
          <Typography
            color={notes ? 'text.primary' : 'text.secondary'}
            sx={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
          >
            {notes || t('vms.notes.none')}
          </Typography>
        )}
      </CardContent>
    </Card>
  );
}

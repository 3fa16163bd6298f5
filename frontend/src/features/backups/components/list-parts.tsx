import DeleteOutline from '@mui/icons-material/DeleteOutline';
import Switch from '@mui/material/Switch';
import { GridActionsCellItem, type GridColDef } from '@mui/x-data-grid';
import { useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { formatDateTime } from '@/lib/format-time';

// Parts the schedule, snapshot-schedule and DR pair lists share.

export const when = (iso: string | null) => formatDateTime(iso);

/** An on/off switch column that saves at once. */
export function enabledColumn<T extends { id: string; enabled: boolean }>(
  label: string,
  onToggle: (id: string, enabled: boolean) => void,
): GridColDef<T> {
  return {
    field: 'enabled',
    headerName: label,
    width: 90,
    renderCell: ({ row }) => (
      <Switch
        size="small"
        checked={row.enabled}
        inputProps={{ 'aria-label': label }}
        onChange={(e) => onToggle(row.id, e.target.checked)}
      />
    ),
  };
}

interface Removal {
  isPending: boolean;
  error: unknown;
  reset: () => void;
  mutate: (id: string, options: { onSuccess: () => void }) => void;
}

/**
 * Delete after confirming with the row's name: `action(row)` is the row's delete menu item, `dialog`
 * the confirmation; `ns` names the labels (`backups.<ns>.deleteTitle` / `deleteMessage`).
 */
export function useConfirmedDelete<T extends { id: string; name: string }>(
  remove: Removal,
  ns: string,
): { action: (row: T) => ReactElement; dialog: ReactElement } {
  const { t } = useTranslation();
  const [deleting, setDeleting] = useState<T | null>(null);
  return {
    action: (row) => (
      <GridActionsCellItem
        key="delete"
        icon={<DeleteOutline />}
        label={t('backups.delete')}
        onClick={() => {
          remove.reset();
          setDeleting(row);
        }}
      />
    ),
    dialog: (
      <ConfirmDialog
        open={!!deleting}
        title={t(`backups.${ns}.deleteTitle`, { name: deleting?.name })}
        message={t(`backups.${ns}.deleteMessage`)}
        confirmLabel={t('backups.delete')}
        pending={remove.isPending}
        error={remove.error}
        onClose={() => setDeleting(null)}
        onConfirm={() =>
          deleting && remove.mutate(deleting.id, { onSuccess: () => setDeleting(null) })
        }
      />
    ),
  };
}

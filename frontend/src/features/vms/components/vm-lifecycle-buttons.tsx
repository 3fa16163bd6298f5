import CopyAllOutlined from '@mui/icons-material/CopyAllOutlined';
import MoveUpOutlined from '@mui/icons-material/MoveUpOutlined';
import Button from '@mui/material/Button';
import Tooltip from '@mui/material/Tooltip';
import { useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { useAuthorization } from '@/lib/authorization';
import { perm } from '@/lib/permission-keys';
import { useConvertToTemplate } from '../api/vm-mutations';
import type { VmTabProps } from '../api/types';
import { migrateBlocker, templateBlocker, type Blocker } from './lifecycle-rules';
import { VmMigrateDialog } from './vm-migrate-dialog';

function Gated({
  blocker,
  icon,
  label,
  onClick,
}: {
  blocker: Blocker;
  icon: ReactElement;
  label: string;
  onClick: () => void;
}) {
  const { t } = useTranslation();
  const button = (
    <Button variant="outlined" startIcon={icon} disabled={!!blocker} onClick={onClick}>
      {label}
    </Button>
  );
  if (!blocker) return button;
  // A disabled button fires no events: the span carries the tooltip with the reason.
  return (
    <Tooltip title={t(blocker.key, blocker.values)}>
      <span>{button}</span>
    </Tooltip>
  );
}

/**
 * Migrate and convert-to-template on the guest page, for whoever holds vm.update; disabled with
 * the reason when the caller or the guest's state does not allow it. Both start a tracked job.
 */
export function VmLifecycleButtons({ vm, canEdit, onJob }: VmTabProps) {
  const { t } = useTranslation();
  const authz = useAuthorization();
  const convert = useConvertToTemplate();
  const [migrating, setMigrating] = useState(false);
  const [converting, setConverting] = useState(false);
  if (!authz.has(perm.vmsUpdate)) return null;
  const who = { role: authz.role, canEdit };
  const name = vm.name ?? `#${vm.vmid}`;

  return (
    <>
      {/* Moving a guest between nodes is the operator's call: vm.migrate is a staff permission. */}
      {authz.has(perm.vmsMigrate) && (
        <Gated
          blocker={migrateBlocker(vm, who)}
          icon={<MoveUpOutlined />}
          label={t('vms.migrate.action')}
          onClick={() => setMigrating(true)}
        />
      )}
      {!vm.template && (
        <Gated
          blocker={templateBlocker(vm, who)}
          icon={<CopyAllOutlined />}
          label={t('vms.toTemplate.action')}
          onClick={() => {
            convert.reset();
            setConverting(true);
          }}
        />
      )}
      {migrating && (
        <VmMigrateDialog
          vm={vm}
          onClose={() => setMigrating(false)}
          onJob={(job) => {
            setMigrating(false);
            onJob(job);
          }}
        />
      )}
      <ConfirmDialog
        open={converting}
        title={t('vms.toTemplate.title', { name })}
        message={t('vms.toTemplate.message', { name })}
        confirmLabel={t('vms.toTemplate.confirm')}
        pending={convert.isPending}
        error={convert.error}
        onClose={() => setConverting(false)}
        onConfirm={() =>
          convert.mutate(
            { id: vm.id },
            {
              onSuccess: (answer) => {
                setConverting(false);
                onJob(answer.job);
              },
            },
          )
        }
      />
    </>
  );
}

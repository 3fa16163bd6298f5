import MoreVert from '@mui/icons-material/MoreVert';
import PlayArrow from '@mui/icons-material/PlayArrow';
import PowerSettingsNew from '@mui/icons-material/PowerSettingsNew';
import RestartAlt from '@mui/icons-material/RestartAlt';
import Stop from '@mui/icons-material/Stop';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import { useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '@/components/confirm-dialog';
import type { Job } from '@/lib/jobs/types';
import { useControlVm } from '../api/vm-mutations';
import type { PowerAction, VmSummary } from '../api/types';
import { availablePowerActions, needsConfirm } from './power-actions';

const ICONS: Partial<Record<PowerAction, ReactElement>> = {
  start: <PlayArrow />,
  resume: <PlayArrow />,
  shutdown: <PowerSettingsNew />,
  reboot: <RestartAlt />,
  stop: <Stop />,
};
const PRIMARY: PowerAction[] = ['start', 'resume', 'shutdown', 'reboot', 'stop'];

/** Power buttons for one guest; the caller decides whether the user holds the `power` right. */
export function VmPowerButtons({
  vm,
  onJob,
  size = 'medium',
  confirmAll = false,
  primaryOnly = false,
}: {
  vm: Pick<VmSummary, 'id' | 'name' | 'status' | 'kind'>;
  onJob: (job: Job) => void;
  size?: 'medium' | 'large';
  /** On phones every action is confirmed: a stray tap must never reboot a server. */
  confirmAll?: boolean;
  /** Phones show only the everyday actions, as big buttons. */
  primaryOnly?: boolean;
}) {
  const { t } = useTranslation();
  const control = useControlVm();
  const [pending, setPending] = useState<PowerAction | null>(null);
  const [menuAnchor, setMenuAnchor] = useState<HTMLElement | null>(null);
  const actions = availablePowerActions(vm.status, vm.kind);
  const primary = actions.filter((a) => PRIMARY.includes(a));
  const secondary = primaryOnly ? [] : actions.filter((a) => !PRIMARY.includes(a));

  const run = (action: PowerAction) =>
    control.mutate(
      { id: vm.id, action },
      {
        onSuccess: (answer) => {
          setPending(null);
          onJob(answer.job);
        },
      },
    );
  const request = (action: PowerAction) => {
    control.reset();
    setMenuAnchor(null);
    if (confirmAll || needsConfirm(action)) setPending(action);
    else run(action);
  };

  return (
    <>
      {primary.map((action) => (
        <Button
          key={action}
          size={size}
          variant={action === 'start' || action === 'resume' ? 'contained' : 'outlined'}
          color={action === 'stop' ? 'error' : 'primary'}
          startIcon={ICONS[action]}
          onClick={() => request(action)}
          disabled={control.isPending}
          sx={size === 'large' ? { minHeight: 56 } : undefined}
        >
          {t(`vms.power.${action}`)}
        </Button>
      ))}
      {secondary.length > 0 && (
        <>
          <IconButton
            aria-label={t('vms.power.more')}
            onClick={(e) => setMenuAnchor(e.currentTarget)}
          >
            <MoreVert />
          </IconButton>
          <Menu anchorEl={menuAnchor} open={!!menuAnchor} onClose={() => setMenuAnchor(null)}>
            {secondary.map((action) => (
              <MenuItem key={action} onClick={() => request(action)}>
                {t(`vms.power.${action}`)}
              </MenuItem>
            ))}
          </Menu>
        </>
      )}
      {!pending && control.error ? (
        <ConfirmDialog
          open
          title={t('vms.power.failedTitle')}
          message=""
          error={control.error}
          confirmLabel={t('common.done')}
          destructive={false}
          onConfirm={() => control.reset()}
          onClose={() => control.reset()}
        />
      ) : null}
      <ConfirmDialog
        open={!!pending}
        title={
          pending
            ? t('vms.power.confirmTitle', { action: t(`vms.power.${pending}`), name: vm.name })
            : ''
        }
        message={pending ? t(`vms.power.confirm.${pending}`, { name: vm.name }) : ''}
        confirmLabel={pending ? t(`vms.power.${pending}`) : ''}
        destructive={!!pending && pending !== 'start' && pending !== 'resume'}
        pending={control.isPending}
        error={control.error}
        onClose={() => setPending(null)}
        onConfirm={() => pending && run(pending)}
      />
    </>
  );
}

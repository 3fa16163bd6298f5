import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IP_PURPOSES, parseIp, type IpAddressView, type IpPurpose } from '@multpanel/contracts';
import { ErrorAlert } from '@/components/error-alert';
import { useAllocateAddress } from '../api/allocate-address';
import { useReserveAddress } from '../api/reserve-address';

/** Allocate (next free or a chosen address) or reserve (with a note) an address of a range. */
export function AllocateDialog({
  rangeId,
  mode,
  onClose,
  onDone,
}: {
  rangeId: string;
  mode: 'allocate' | 'reserve' | null;
  onClose: () => void;
  onDone: (address: IpAddressView) => void;
}) {
  const { t } = useTranslation();
  const allocate = useAllocateAddress();
  const reserve = useReserveAddress();
  const [address, setAddress] = useState('');
  const [purpose, setPurpose] = useState<IpPurpose>('other');
  const [hostname, setHostname] = useState('');
  const [note, setNote] = useState('');
  const mutation = mode === 'reserve' ? reserve : allocate;
  const badAddress = address.trim() !== '' && parseIp(address) === null;
  const needsNote = mode === 'reserve' && note.trim() === '';

  const close = () => {
    allocate.reset();
    reserve.reset();
    setAddress('');
    setHostname('');
    setNote('');
    onClose();
  };
  const submit = () => {
    const chosen = address.trim() || undefined;
    const done = (a: IpAddressView) => {
      onDone(a);
      close();
    };
    if (mode === 'reserve') {
      reserve.mutate(
        { rangeId, input: { address: chosen, note: note.trim() } },
        { onSuccess: done },
      );
    } else {
      allocate.mutate(
        {
          rangeId,
          input: {
            address: chosen,
            purpose,
            hostname: hostname.trim() || undefined,
            note: note.trim() || undefined,
          },
        },
        { onSuccess: done },
      );
    }
  };

  return (
    <Dialog open={mode !== null} onClose={close} fullWidth maxWidth="xs">
      <DialogTitle>
        {t(mode === 'reserve' ? 'ipam.reserveTitle' : 'ipam.allocateTitle')}
      </DialogTitle>
      <DialogContent sx={{ display: 'grid', gap: 2, pt: '8px !important' }}>
        <ErrorAlert error={mutation.error} />
        <TextField
          label={t('ipam.fields.address')}
          value={address}
          onChange={(e) => setAddress(e.target.value)}
          error={badAddress}
          helperText={badAddress ? t('ipam.validation.ip') : t('ipam.nextFreeHint')}
        />
        {mode === 'allocate' && (
          <>
            <TextField
              select
              label={t('ipam.fields.purpose')}
              value={purpose}
              onChange={(e) => setPurpose(e.target.value as IpPurpose)}
            >
              {IP_PURPOSES.map((p) => (
                <MenuItem key={p} value={p}>
                  {t(`ipam.purpose.${p}`)}
                </MenuItem>
              ))}
            </TextField>
            <TextField
              label={t('ipam.fields.hostname')}
              value={hostname}
              onChange={(e) => setHostname(e.target.value)}
            />
          </>
        )}
        <TextField
          label={t('ipam.fields.note')}
          value={note}
          required={mode === 'reserve'}
          onChange={(e) => setNote(e.target.value)}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={close}>{t('common.cancel')}</Button>
        <Button
          variant="contained"
          onClick={submit}
          disabled={mutation.isPending || badAddress || needsNote}
        >
          {t(mode === 'reserve' ? 'ipam.reserve' : 'ipam.allocate')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Text to paste into the console. A dialog rather than navigator.clipboard: reading the clipboard
 * needs a permission prompt (and HTTPS), pasting into a field works everywhere.
 */
export function PasteDialog({
  open,
  onClose,
  onSend,
}: {
  open: boolean;
  onClose: () => void;
  onSend: (text: string) => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  return (
    <Dialog open={open} onClose={onClose} fullWidth maxWidth="sm">
      <DialogTitle>{t('console.pasteTitle')}</DialogTitle>
      <DialogContent>
        <TextField
          autoFocus
          multiline
          minRows={3}
          fullWidth
          label={t('console.pasteLabel')}
          value={text}
          onChange={(e) => setText(e.target.value)}
          sx={{ mt: 1 }}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('common.cancel', { defaultValue: 'Cancel' })}</Button>
        <Button
          variant="contained"
          disabled={!text}
          onClick={() => {
            onSend(text);
            setText('');
            onClose();
          }}
        >
          {t('console.pasteSend')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

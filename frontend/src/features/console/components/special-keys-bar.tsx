import ArrowDownward from '@mui/icons-material/ArrowDownward';
import ArrowBack from '@mui/icons-material/ArrowBack';
import ArrowForward from '@mui/icons-material/ArrowForward';
import ArrowUpward from '@mui/icons-material/ArrowUpward';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { SPECIAL_KEYS, type Modifiers, type SpecialKey } from '../special-keys';

const ICONS: Partial<Record<SpecialKey, ReactNode>> = {
  ArrowUp: <ArrowUpward fontSize="small" />,
  ArrowDown: <ArrowDownward fontSize="small" />,
  ArrowLeft: <ArrowBack fontSize="small" />,
  ArrowRight: <ArrowForward fontSize="small" />,
};

/**
 * The keys a phone keyboard lacks. Ctrl and Alt latch (pressed until the next key, or tapped again)
 * so "Ctrl, then c" on the phone keyboard sends Ctrl+C.
 */
export function SpecialKeysBar({
  mods,
  disabled,
  onModsChange,
  onKey,
  onCtrlAltDel,
}: {
  mods: Modifiers;
  disabled: boolean;
  onModsChange: (mods: Modifiers) => void;
  onKey: (key: SpecialKey, mods: Modifiers) => void;
  onCtrlAltDel?: () => void;
}) {
  const { t } = useTranslation();
  const key = (label: ReactNode, aria: string, onClick: () => void, pressed?: boolean) => (
    <Button
      key={aria}
      size="small"
      variant={pressed ? 'contained' : 'outlined'}
      aria-label={aria}
      aria-pressed={pressed}
      disabled={disabled}
      // Keep the focus (and the phone keyboard) on the console.
      onMouseDown={(e) => e.preventDefault()}
      onClick={onClick}
      sx={{ minWidth: 44, minHeight: 40, px: 1, flex: '0 0 auto', textTransform: 'none' }}
    >
      {label}
    </Button>
  );
  return (
    <Box
      role="toolbar"
      aria-label={t('console.keys.label')}
      sx={{ display: 'flex', gap: 0.5, overflowX: 'auto', py: 0.5, flex: '0 0 auto' }}
    >
      {key(
        'Ctrl',
        t('console.keys.ctrl'),
        () => onModsChange({ ...mods, ctrl: !mods.ctrl }),
        mods.ctrl,
      )}
      {key('Alt', t('console.keys.alt'), () => onModsChange({ ...mods, alt: !mods.alt }), mods.alt)}
      {SPECIAL_KEYS.map((k) =>
        key(ICONS[k] ?? t(`console.keys.short.${k}`), t(`console.keys.name.${k}`), () => {
          onKey(k, mods);
          onModsChange({ ctrl: false, alt: false });
        }),
      )}
      {onCtrlAltDel && key('Ctrl+Alt+Del', t('console.ctrlAltDel'), onCtrlAltDel)}
    </Box>
  );
}

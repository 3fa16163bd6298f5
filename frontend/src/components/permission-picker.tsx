import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormGroup from '@mui/material/FormGroup';
import Stack from '@mui/material/Stack';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import type { Permission } from '@multpanel/contracts';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import {
  groupLabelKey,
  groupPermissions,
  permissionHelpKey,
  permissionLabelKey,
  PRESET_NAMES,
  presetHelpKey,
  presetLabelKey,
  presetPermissions,
  PRESETS_TITLE_KEY,
} from '@/lib/permission-catalogue';

/**
 * Choose permissions from those the caller holds (`held`), by preset or one by one, with the
 * catalogue's labels and descriptions. Used by API keys and custom roles.
 */
export function PermissionPicker({
  held,
  value,
  onChange,
  maxHeight,
}: {
  held: readonly Permission[];
  value: readonly Permission[];
  onChange: (next: Permission[]) => void;
  maxHeight?: number;
}) {
  const { t } = useTranslation();
  const idBase = useId();
  const chosen = new Set(value);
  // Kept in catalogue order so a request body does not depend on the order of clicks.
  const ordered = (set: Set<Permission>) => held.filter((p) => set.has(p));
  const toggle = (p: Permission, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(p);
    else next.delete(p);
    onChange(ordered(next));
  };

  return (
    <Stack spacing={1}>
      <Box
        role="group"
        aria-label={t(PRESETS_TITLE_KEY)}
        sx={{ display: 'flex', gap: 1, flexWrap: 'wrap', alignItems: 'center' }}
      >
        <Typography variant="body2" color="text.secondary">
          {t(PRESETS_TITLE_KEY)}
        </Typography>
        {PRESET_NAMES.map((name) => (
          <Tooltip key={name} describeChild title={t(presetHelpKey(name))}>
            <Button
              size="small"
              variant="outlined"
              onClick={() => onChange(presetPermissions(name, held))}
            >
              {t(presetLabelKey(name))}
            </Button>
          </Tooltip>
        ))}
      </Box>
      <Box sx={{ maxHeight, overflow: maxHeight ? 'auto' : undefined }}>
        {groupPermissions(held).map(([group, list]) => (
          <FormGroup key={group} role="group" aria-label={t(groupLabelKey(group))} sx={{ mb: 1 }}>
            <Typography variant="subtitle2">{t(groupLabelKey(group))}</Typography>
            {list.map((p) => (
              <Box key={p}>
                <FormControlLabel
                  control={
                    <Checkbox
                      size="small"
                      checked={chosen.has(p)}
                      onChange={(e) => toggle(p, e.target.checked)}
                      slotProps={{ input: { 'aria-describedby': `${idBase}-${p}` } }}
                    />
                  }
                  label={t(permissionLabelKey(p))}
                />
                <Typography
                  id={`${idBase}-${p}`}
                  variant="caption"
                  color="text.secondary"
                  title={p}
                  sx={{ display: 'block', ml: 4, mt: -0.75, mb: 0.5 }}
                >
                  {t(permissionHelpKey(p))}
                </Typography>
              </Box>
            ))}
          </FormGroup>
        ))}
      </Box>
    </Stack>
  );
}

import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { BRANDING_ASSET_KINDS, BRANDING_ASSET_TYPES, type BrandingDto } from '@multpanel/contracts';
import { ErrorAlert } from '@/components/error-alert';
import { useUploadBrandingAsset } from '../api/upload-branding-asset';

/** Logo (light and dark backgrounds) and favicon: PNG, JPEG, WebP or GIF, checked by the API. */
export function BrandingAssets({ branding }: { branding: BrandingDto }) {
  const { t } = useTranslation();
  const upload = useUploadBrandingAsset();
  return (
    <Box sx={{ display: 'grid', gap: 2 }}>
      <Box sx={{ display: 'flex', gap: 3, flexWrap: 'wrap' }}>
        {BRANDING_ASSET_KINDS.map((kind) => (
          <Box key={kind} sx={{ display: 'grid', gap: 1, justifyItems: 'start' }}>
            <Typography variant="subtitle2">{t(`branding.assets.${kind}`)}</Typography>
            <Box
              sx={{
                width: 160,
                height: 64,
                border: 1,
                borderColor: 'divider',
                borderRadius: 1,
                display: 'flex',
                alignItems: 'center',
                justifyContent: 'center',
                bgcolor: kind === 'logo-dark' ? 'grey.900' : 'background.paper',
              }}
            >
              {branding.assets[kind] ? (
                <Box
                  component="img"
                  src={branding.assets[kind]}
                  alt={t(`branding.assets.${kind}`)}
                  sx={{ maxWidth: '100%', maxHeight: '100%' }}
                />
              ) : (
                <Typography variant="caption" color="text.secondary">
                  {t('branding.assets.none')}
                </Typography>
              )}
            </Box>
            <Button component="label" size="small" variant="outlined" disabled={upload.isPending}>
              {t('branding.assets.upload')}
              <input
                hidden
                type="file"
                accept={BRANDING_ASSET_TYPES.join(',')}
                aria-label={t(`branding.assets.${kind}`)}
                onChange={(e) => {
                  const file = e.target.files?.[0];
                  if (file) upload.mutate({ companyId: branding.companyId, kind, file });
                  e.target.value = '';
                }}
              />
            </Button>
          </Box>
        ))}
      </Box>
      <Typography variant="body2" color="text.secondary">
        {t('branding.assets.help')}
      </Typography>
      <ErrorAlert error={upload.error} />
    </Box>
  );
}

import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';
import { BrandFooter } from '@/components/brand-footer';
import { useLogo, useProductName } from '@/lib/branding';
import { useColorMode } from '@/theme/color-mode';

/** Centered card used by every signed-out screen. */
export function AuthLayout({
  title,
  subtitle,
  children,
}: {
  title: string;
  subtitle?: string;
  children: ReactNode;
}) {
  const productName = useProductName();
  const logo = useLogo(useColorMode().mode);
  return (
    <Box
      component="main"
      sx={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        p: 2,
      }}
    >
      <Box sx={{ width: '100%', maxWidth: 420 }}>
        {logo && (
          <Box
            component="img"
            src={logo}
            alt=""
            sx={{ display: 'block', mx: 'auto', mb: 1, maxHeight: 64, maxWidth: '100%' }}
          />
        )}
        <Typography variant="h5" component="p" color="primary" sx={{ mb: 2, textAlign: 'center' }}>
          {productName}
        </Typography>
        <Card>
          <CardContent sx={{ p: { xs: 2.5, sm: 4 } }}>
            <Typography variant="h3" component="h1" gutterBottom>
              {title}
            </Typography>
            {subtitle && (
              <Typography color="text.secondary" sx={{ mb: 2 }}>
                {subtitle}
              </Typography>
            )}
            {children}
          </CardContent>
        </Card>
        <BrandFooter />
      </Box>
    </Box>
  );
}

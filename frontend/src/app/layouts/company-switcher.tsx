import ApartmentOutlined from '@mui/icons-material/ApartmentOutlined';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useSession } from '@/lib/session-store';

/**
 * The company a customer account belongs to, shown in the header. Staff see no switcher: there is no
 * company context to pick yet (lists filter by company on their own pages), and a menu that only said
 * "coming soon" was a dead end (issue 16).
 */
export function CompanySwitcher() {
  const session = useSession();
  if (session.status !== 'authenticated' || !session.user.companyName) return null;
  return (
    <Box
      data-testid="header-company"
      sx={{ display: { xs: 'none', sm: 'flex' }, alignItems: 'center', gap: 1, mr: 1 }}
    >
      <ApartmentOutlined fontSize="small" aria-hidden />
      <Typography variant="body2">{session.user.companyName}</Typography>
    </Box>
  );
}

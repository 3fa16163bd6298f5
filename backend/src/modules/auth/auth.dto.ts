import {
  loginSchema,
  setupSchema,
  totpEnrollConfirmSchema,
  totpEnrollSchema,
} from '@multpanel/contracts';
import { createZodDto } from 'nestjs-zod';

export class LoginDto extends createZodDto(loginSchema) {}
export class SetupDto extends createZodDto(setupSchema) {}
export class TotpEnrollDto extends createZodDto(totpEnrollSchema) {}
export class TotpEnrollConfirmDto extends createZodDto(totpEnrollConfirmSchema) {}

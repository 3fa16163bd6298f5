import { loginSchema, setupSchema } from '@multpanel/contracts';
import { createZodDto } from 'nestjs-zod';

export class LoginDto extends createZodDto(loginSchema) {}
export class SetupDto extends createZodDto(setupSchema) {}

import { identityProviderInputSchema } from '@multpanel/contracts';
import { createZodDto } from 'nestjs-zod';

export class IdentityProviderDto extends createZodDto(identityProviderInputSchema) {}

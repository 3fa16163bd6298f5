import { ldapDirectoryInputSchema, ldapTestSchema } from '@multpanel/contracts';
import { createZodDto } from 'nestjs-zod';

export class LdapDirectoryDto extends createZodDto(ldapDirectoryInputSchema) {}
export class LdapTestDto extends createZodDto(ldapTestSchema) {}

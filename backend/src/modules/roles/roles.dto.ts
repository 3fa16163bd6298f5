import {
  assignCustomRoleSchema,
  createCustomRoleSchema,
  updateCustomRoleSchema,
} from '@multpanel/contracts';
import { createZodDto } from 'nestjs-zod';

export class CreateCustomRoleDto extends createZodDto(createCustomRoleSchema) {}
export class UpdateCustomRoleDto extends createZodDto(updateCustomRoleSchema) {}
export class AssignCustomRoleDto extends createZodDto(assignCustomRoleSchema) {}

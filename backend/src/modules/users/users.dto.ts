import {
  createUserSchema,
  inviteUserSchema,
  updateUserSchema,
  userListQuerySchema,
} from '@multpanel/contracts';
import { createZodDto } from 'nestjs-zod';

export class CreateUserDto extends createZodDto(createUserSchema) {}
export class InviteUserDto extends createZodDto(inviteUserSchema) {}
export class UpdateUserDto extends createZodDto(updateUserSchema) {}
export class UserListQueryDto extends createZodDto(userListQuerySchema) {}

import {
  sshBulkPushSchema,
  sshClusterUserSchema,
  sshNodeTargetSchema,
  sshPushSchema,
  sshTestSchema,
} from '@multpanel/contracts';
import { createZodDto } from 'nestjs-zod';

export class SshPushDto extends createZodDto(sshPushSchema) {}
export class SshTestDto extends createZodDto(sshTestSchema) {}
export class SshNodeTargetDto extends createZodDto(sshNodeTargetSchema) {}
export class SshClusterUserDto extends createZodDto(sshClusterUserSchema) {}
export class SshBulkPushDto extends createZodDto(sshBulkPushSchema) {}

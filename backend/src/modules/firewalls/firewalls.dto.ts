import {
  createFirewallChangeSchema,
  createFirewallSchema,
  firewallListQuerySchema,
  updateFirewallSchema,
} from '@multpanel/contracts';
import { createZodDto } from 'nestjs-zod';

export class CreateFirewallDto extends createZodDto(createFirewallSchema) {}
export class UpdateFirewallDto extends createZodDto(updateFirewallSchema) {}
export class FirewallListQueryDto extends createZodDto(firewallListQuerySchema) {}
export class CreateFirewallChangeDto extends createZodDto(createFirewallChangeSchema) {}

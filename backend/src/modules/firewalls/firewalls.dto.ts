import {
  createFirewallChangeSchema,
  createFirewallSchema,
  deployFirewallSchema,
  firewallDeploymentsQuerySchema,
  networkEdgeSchema,
  firewallListQuerySchema,
  firewallTargetsQuerySchema,
  updateFirewallSchema,
} from '@multpanel/contracts';
import { createZodDto } from 'nestjs-zod';

export class CreateFirewallDto extends createZodDto(createFirewallSchema) {}
export class UpdateFirewallDto extends createZodDto(updateFirewallSchema) {}
export class FirewallListQueryDto extends createZodDto(firewallListQuerySchema) {}
export class CreateFirewallChangeDto extends createZodDto(createFirewallChangeSchema) {}
export class DeployFirewallDto extends createZodDto(deployFirewallSchema) {}
export class NetworkEdgeDto extends createZodDto(networkEdgeSchema) {}
export class FirewallDeploymentsQueryDto extends createZodDto(firewallDeploymentsQuerySchema) {}
export class FirewallTargetsQueryDto extends createZodDto(firewallTargetsQuerySchema) {}

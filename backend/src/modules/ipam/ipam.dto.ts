import {
  allocateIpSchema,
  assignVlanSchema,
  createVlanPoolSchema,
  createIpRangeSchema,
  ipAddressListQuerySchema,
  ipamConflictsQuerySchema,
  ipRangeListQuerySchema,
  releaseIpSchema,
  reserveIpSchema,
  updateIpRangeSchema,
} from '@multpanel/contracts';
import { createZodDto } from 'nestjs-zod';

export class CreateIpRangeDto extends createZodDto(createIpRangeSchema) {}
export class UpdateIpRangeDto extends createZodDto(updateIpRangeSchema) {}
export class IpRangeListQueryDto extends createZodDto(ipRangeListQuerySchema) {}
export class IpAddressListQueryDto extends createZodDto(ipAddressListQuerySchema) {}
export class AllocateIpDto extends createZodDto(allocateIpSchema) {}
export class ReserveIpDto extends createZodDto(reserveIpSchema) {}
export class ReleaseIpDto extends createZodDto(releaseIpSchema) {}
export class CreateVlanPoolDto extends createZodDto(createVlanPoolSchema) {}
export class AssignVlanDto extends createZodDto(assignVlanSchema) {}
export class IpamConflictsQueryDto extends createZodDto(ipamConflictsQuerySchema) {}

import {
  pveApiCallSchema,
  pveApiEndpointQuerySchema,
  pveApiSearchSchema,
} from '@multpanel/contracts';
import { createZodDto } from 'nestjs-zod';

export class PveApiSearchDto extends createZodDto(pveApiSearchSchema) {}
export class PveApiEndpointQueryDto extends createZodDto(pveApiEndpointQuerySchema) {}
export class PveApiCallDto extends createZodDto(pveApiCallSchema) {}

import { importGuestsSchema, unassignedGuestsQuerySchema } from '@multpanel/contracts';
import { createZodDto } from 'nestjs-zod';

export class ImportGuestsDto extends createZodDto(importGuestsSchema) {}
export class UnassignedGuestsQueryDto extends createZodDto(unassignedGuestsQuerySchema) {}

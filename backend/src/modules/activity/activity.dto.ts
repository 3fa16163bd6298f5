import { activityExportQuerySchema, activityListQuerySchema } from '@multpanel/contracts';
import { createZodDto } from 'nestjs-zod';

export class ActivityListQueryDto extends createZodDto(activityListQuerySchema) {}
export class ActivityExportQueryDto extends createZodDto(activityExportQuerySchema) {}

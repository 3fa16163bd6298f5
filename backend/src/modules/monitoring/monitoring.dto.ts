import { metricsQuerySchema, nodeRrdQuerySchema } from '@multpanel/contracts';
import { createZodDto } from 'nestjs-zod';

export class MetricsQueryDto extends createZodDto(metricsQuerySchema) {}
export class NodeRrdQueryDto extends createZodDto(nodeRrdQuerySchema) {}

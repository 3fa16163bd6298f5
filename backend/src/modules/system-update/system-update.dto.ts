import { executeUpdateSchema } from '@multpanel/contracts';
import { createZodDto } from 'nestjs-zod';

export class ExecuteUpdateDto extends createZodDto(executeUpdateSchema) {}

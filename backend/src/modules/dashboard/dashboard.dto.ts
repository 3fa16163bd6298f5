import { companyDashboardQuerySchema } from '@multpanel/contracts';
import { createZodDto } from 'nestjs-zod';

export class CompanyDashboardQueryDto extends createZodDto(companyDashboardQuerySchema) {}

import {
  companyListQuerySchema,
  companyTwoFactorSchema,
  createCompanySchema,
  salespeopleSchema,
  updateCompanySchema,
} from '@multpanel/contracts';
import { createZodDto } from 'nestjs-zod';

export class CreateCompanyDto extends createZodDto(createCompanySchema) {}
export class UpdateCompanyDto extends createZodDto(updateCompanySchema) {}
export class CompanyListQueryDto extends createZodDto(companyListQuerySchema) {}
export class SalespeopleDto extends createZodDto(salespeopleSchema) {}
export class CompanyTwoFactorDto extends createZodDto(companyTwoFactorSchema) {}

import {
  acceptEsxiFingerprintSchema,
  createEsxiProjectSchema,
  createEsxiSourceSchema,
  esxiProjectListQuerySchema,
  esxiImportPlanSchema,
  esxiImportSchema,
  esxiSourceListQuerySchema,
  esxiVmListQuerySchema,
  runEsxiWaveSchema,
  setEsxiProjectVmsSchema,
  updateEsxiSourceSchema,
} from '@multpanel/contracts';
import { createZodDto } from 'nestjs-zod';

export class CreateEsxiSourceDto extends createZodDto(createEsxiSourceSchema) {}
export class UpdateEsxiSourceDto extends createZodDto(updateEsxiSourceSchema) {}
export class AcceptEsxiFingerprintDto extends createZodDto(acceptEsxiFingerprintSchema) {}
export class EsxiSourceListQueryDto extends createZodDto(esxiSourceListQuerySchema) {}
export class EsxiVmListQueryDto extends createZodDto(esxiVmListQuerySchema) {}
export class EsxiImportPlanDto extends createZodDto(esxiImportPlanSchema) {}
export class EsxiImportDto extends createZodDto(esxiImportSchema) {}
export class CreateEsxiProjectDto extends createZodDto(createEsxiProjectSchema) {}
export class SetEsxiProjectVmsDto extends createZodDto(setEsxiProjectVmsSchema) {}
export class RunEsxiWaveDto extends createZodDto(runEsxiWaveSchema) {}
export class EsxiProjectListQueryDto extends createZodDto(esxiProjectListQuerySchema) {}

import {
  appLogsStreamQuerySchema,
  createDeploymentSchema,
  deploymentListQuerySchema,
  rollbackDeploymentSchema,
  updateDeploymentSchema,
} from '@multpanel/contracts';
import { createZodDto } from 'nestjs-zod';

export class CreateDeploymentDto extends createZodDto(createDeploymentSchema) {}
export class UpdateDeploymentDto extends createZodDto(updateDeploymentSchema) {}
export class RollbackDeploymentDto extends createZodDto(rollbackDeploymentSchema) {}
export class DeploymentListQueryDto extends createZodDto(deploymentListQuerySchema) {}
export class AppLogsStreamQueryDto extends createZodDto(appLogsStreamQuerySchema) {}

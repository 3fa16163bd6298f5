import {
  bulkClusterTestSchema,
  clusterCsvImportSchema,
  createClusterSchema,
  createOwnedClusterSchema,
  probeFingerprintSchema,
  testClusterInputSchema,
  updateClusterSchema,
  updateOwnedClusterSchema,
} from '@multpanel/contracts';
import { createZodDto } from 'nestjs-zod';

export class CreateClusterDto extends createZodDto(createClusterSchema) {}
export class UpdateClusterDto extends createZodDto(updateClusterSchema) {}
export class TestClusterDto extends createZodDto(testClusterInputSchema) {}
export class ProbeFingerprintDto extends createZodDto(probeFingerprintSchema) {}
export class BulkClusterTestDto extends createZodDto(bulkClusterTestSchema) {}
export class ClusterCsvImportDto extends createZodDto(clusterCsvImportSchema) {}
export class CreateOwnedClusterDto extends createZodDto(createOwnedClusterSchema) {}
export class UpdateOwnedClusterDto extends createZodDto(updateOwnedClusterSchema) {}

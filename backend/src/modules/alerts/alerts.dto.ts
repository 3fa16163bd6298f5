import {
  acknowledgeAlertSchema,
  alertListQuerySchema,
  createAlertRuleSchema,
  createChannelSchema,
  createMaintenanceWindowSchema,
  silenceAlertSchema,
  updateAlertRuleSchema,
  updateChannelSchema,
} from '@multpanel/contracts';
import { createZodDto } from 'nestjs-zod';

export class AlertListQueryDto extends createZodDto(alertListQuerySchema) {}
export class AcknowledgeAlertDto extends createZodDto(acknowledgeAlertSchema) {}
export class SilenceAlertDto extends createZodDto(silenceAlertSchema) {}
export class CreateAlertRuleDto extends createZodDto(createAlertRuleSchema) {}
export class UpdateAlertRuleDto extends createZodDto(updateAlertRuleSchema) {}
export class CreateChannelDto extends createZodDto(createChannelSchema) {}
export class CreateMaintenanceWindowDto extends createZodDto(createMaintenanceWindowSchema) {}
export class UpdateChannelDto extends createZodDto(updateChannelSchema) {}

import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Permission, platformSettingsSchema, type PlatformSettings } from '@multpanel/contracts';
import { createZodDto } from 'nestjs-zod';
import { CurrentActor, type Actor } from '../../common/auth/actor';
import { Authenticated } from '../../common/auth/auth.decorators';
import { PlatformSettingsService } from './platform-settings.service';

class PlatformSettingsDto extends createZodDto(platformSettingsSchema) {}

@ApiTags('platform')
@Controller('platform/settings')
export class PlatformSettingsController {
  constructor(private readonly settings: PlatformSettingsService) {}

  @Get()
  @Authenticated({ permission: Permission.PlatformSettings })
  get(): Promise<PlatformSettings> {
    return this.settings.get();
  }

  @Put()
  @Authenticated({ permission: Permission.PlatformSettings })
  @ApiOperation({ summary: 'Platform-wide switches, e.g. two-factor required for all MSP staff' })
  update(
    @CurrentActor() actor: Actor,
    @Body() body: PlatformSettingsDto,
  ): Promise<PlatformSettings> {
    return this.settings.update(actor, body);
  }
}

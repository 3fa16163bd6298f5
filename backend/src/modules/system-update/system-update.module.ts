import { Module } from '@nestjs/common';
import { SystemUpdateController } from './system-update.controller';
import { SystemUpdateService } from './system-update.service';
import { UpdateEngineClient } from './update-engine.client';

@Module({
  controllers: [SystemUpdateController],
  providers: [SystemUpdateService, UpdateEngineClient],
})
export class SystemUpdateModule {}

import { Module } from '@nestjs/common';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKeysService } from './api-keys.service';
import { DeviceLoginController } from './device-login.controller';
import { DeviceLoginService } from './device-login.service';
import { DeviceLoginStore } from './device-login.store';

@Module({
  controllers: [ApiKeysController, DeviceLoginController],
  providers: [ApiKeysService, ApiKeysRepository, DeviceLoginService, DeviceLoginStore],
})
export class ApiKeysModule {}

import { Module } from '@nestjs/common';
import { AccessModule } from '../../common/access/access.module';
import { ClustersModule } from '../clusters/clusters.module';
import { ConsoleSessionService } from './console-session.service';
import { ConsoleTokenStore } from './console-token.store';
import { ConsoleController } from './console.controller';
import { ConsoleGateway } from './console.gateway';
import { ConsoleOptions } from './console.options';
import { ConsoleRepository } from './console.repository';
import { ConsoleService } from './console.service';

/** Browser consoles (API process only: the WebSocket relay lives where the browser connects). */
@Module({
  imports: [AccessModule, ClustersModule],
  controllers: [ConsoleController],
  providers: [
    ConsoleOptions,
    ConsoleRepository,
    ConsoleTokenStore,
    ConsoleService,
    ConsoleSessionService,
    ConsoleGateway,
  ],
  exports: [ConsoleService],
})
export class ConsoleModule {}

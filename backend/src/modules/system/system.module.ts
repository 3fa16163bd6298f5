import { DynamicModule, Module } from '@nestjs/common';
import { SystemProcessor } from './system.processor';

/** Platform chores with no HTTP side (yet); `forWorker()` adds their job handlers. */
@Module({})
export class SystemModule {
  /** Worker process only: this module's job handlers. */
  static forWorker(): DynamicModule {
    return { module: SystemWorkerModule, providers: [SystemProcessor] };
  }
}

@Module({})
class SystemWorkerModule {}

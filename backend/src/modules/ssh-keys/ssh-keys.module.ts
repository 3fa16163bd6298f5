import { DynamicModule, Module } from '@nestjs/common';
import { JobsModule } from '../jobs/jobs.module';
import { BulkSshController, ClusterSshController, SshKeysController } from './ssh-keys.controller';
import { SshKeysProcessor } from './ssh-keys.processor';
import { SshKeysRepository } from './ssh-keys.repository';
import { SshKeysService } from './ssh-keys.service';

/** The platform SSH key over HTTP; `forWorker()` adds the rotation, push and key-health handlers. */
@Module({
  imports: [JobsModule],
  controllers: [SshKeysController, ClusterSshController, BulkSshController],
  providers: [SshKeysRepository, SshKeysService],
  exports: [SshKeysService],
})
export class SshKeysModule {
  /** Worker process only: this module's job handlers. */
  static forWorker(): DynamicModule {
    return { module: SshKeysWorkerModule, imports: [SshKeysModule], providers: [SshKeysProcessor] };
  }
}

@Module({})
class SshKeysWorkerModule {}

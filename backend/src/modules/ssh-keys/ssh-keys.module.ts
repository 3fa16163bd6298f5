import { Module } from '@nestjs/common';
import { JobsModule } from '../jobs/jobs.module';
import { BulkSshController, ClusterSshController, SshKeysController } from './ssh-keys.controller';
import { SshKeysRepository } from './ssh-keys.repository';
import { SshKeysService } from './ssh-keys.service';

/** API side; the worker adds SshKeysProcessor (see worker.module PROCESSORS). */
@Module({
  imports: [JobsModule],
  controllers: [SshKeysController, ClusterSshController, BulkSshController],
  providers: [SshKeysRepository, SshKeysService],
  exports: [SshKeysService],
})
export class SshKeysModule {}

import { DynamicModule, Global, Module } from '@nestjs/common';
import { AccessRevocations } from './common/auth/access-revocations';
import { AccessTokenService } from './common/auth/access-token.service';
import { PrincipalRepository } from './common/auth/principal.repository';
import { PrincipalService } from './common/auth/principal.service';
import { ActivityRepository } from './common/audit/activity.repository';
import { ActivityService } from './common/audit/activity.service';
import { SecretsCipher } from './common/crypto/secrets-cipher';
import { EventsPublisher } from './common/events/events.publisher';
import { AppLogger, createRootLogger } from './common/logging/app-logger';
import { PrismaService } from './common/prisma/prisma.service';
import { SqlReader } from './common/prisma/sql-reader.service';
import { QueueService } from './common/queue/queue.service';
import { RedisService } from './common/redis/redis.service';
import { AppConfig } from './config/app-config';

const SHARED = [
  PrismaService,
  SqlReader,
  RedisService,
  QueueService,
  EventsPublisher,
  AccessTokenService,
  AccessRevocations,
  PrincipalRepository,
  PrincipalService,
  SecretsCipher,
  ActivityRepository,
  ActivityService,
];

// Config, database, Redis, queues, logging and request context: shared by the API and the worker.
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: AppLogger, useValue: new AppLogger(createRootLogger(config.env.LOG_LEVEL)) },
        ...SHARED,
      ],
      exports: [AppConfig, AppLogger, ...SHARED],
    };
  }
}

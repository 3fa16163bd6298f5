import { Module } from '@nestjs/common';
import { ActivityQueryRepository } from './activity-query.repository';
import { ActivityController } from './activity.controller';

@Module({ controllers: [ActivityController], providers: [ActivityQueryRepository] })
export class ActivityModule {}

import { Module } from '@nestjs/common';
import { AccessModule } from '../../common/access/access.module';
import { QuotasController } from './quotas.controller';
import { QuotasRepository } from './quotas.repository';
import { QuotasService } from './quotas.service';

@Module({
  imports: [AccessModule],
  controllers: [QuotasController],
  providers: [QuotasRepository, QuotasService],
  exports: [QuotasService],
})
export class QuotasModule {}

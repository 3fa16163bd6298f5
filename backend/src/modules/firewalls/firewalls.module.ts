import { Module } from '@nestjs/common';
import { AccessModule } from '../../common/access/access.module';
import { IpamModule } from '../ipam/ipam.module';
import { FirewallChangesService } from './firewall-changes.service';
import { FirewallConnector } from './firewall-connector';
import { FirewallsController } from './firewalls.controller';
import { FirewallsRepository } from './firewalls.repository';
import { FirewallsService } from './firewalls.service';

/** OPNsense edge firewalls (issue 21): registration, items, change sets. */
@Module({
  imports: [AccessModule, IpamModule],
  controllers: [FirewallsController],
  providers: [FirewallsRepository, FirewallsService, FirewallChangesService, FirewallConnector],
  exports: [FirewallsService],
})
export class FirewallsModule {}

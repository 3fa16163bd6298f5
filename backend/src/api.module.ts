import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { ZodValidationPipe } from 'nestjs-zod';
import { AuthGuard } from './common/auth/auth.guard';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter';
import { ApiRateLimiter, RateLimitGuard } from './common/http/rate-limit';
import { AppConfig } from './config/app-config';
import { CoreModule } from './core.module';
import { ActivityModule } from './modules/activity/activity.module';
import { BackupsModule } from './modules/backups/backups.module';
import { AlertsModule } from './modules/alerts/alerts.module';
import { ApiKeysModule } from './modules/api-keys/api-keys.module';
import { CertificatesModule } from './modules/certificates/certificates.module';
import { AuthModule } from './modules/auth/auth.module';
import { BrandingModule } from './modules/branding/branding.module';
import { CompaniesModule } from './modules/companies/companies.module';
import { ConsoleModule } from './modules/console/console.module';
import { ClustersModule } from './modules/clusters/clusters.module';
import { PveExplorerModule } from './modules/pve-explorer/pve-explorer.module';
import { EventsModule } from './modules/events/events.module';
import { HealthModule } from './modules/health/health.module';
import { InstancesModule } from './modules/instances/instances.module';
import { InventoryModule } from './modules/inventory/inventory.module';
import { IpamModule } from './modules/ipam/ipam.module';
import { MonitoringModule } from './modules/monitoring/monitoring.module';
import { UsageModule } from './modules/usage/usage.module';
import { DashboardModule } from './modules/dashboard/dashboard.module';
import { SshKeysModule } from './modules/ssh-keys/ssh-keys.module';
import { SetupModule } from './modules/setup/setup.module';
import { SsoModule } from './modules/sso/sso.module';
import { LdapModule } from './modules/ldap/ldap.module';
import { SystemUpdateModule } from './modules/system-update/system-update.module';
import { TicketsModule } from './modules/tickets/tickets.module';
import { EsxiModule } from './modules/esxi/esxi.module';
import { FirewallsModule } from './modules/firewalls/firewalls.module';
import { DeploymentsModule } from './modules/deployments/deployments.module';
import { RolesModule } from './modules/roles/roles.module';
import { UsersModule } from './modules/users/users.module';
import { VmsModule } from './modules/vms/vms.module';
import { LeftoversModule } from './modules/leftovers/leftovers.module';
import { MetricsModule } from './modules/metrics/metrics.module';

// Feature modules served over HTTP; add new ones here.
export const FEATURE_MODULES = [
  HealthModule,
  AuthModule,
  SetupModule,
  CompaniesModule,
  UsersModule,
  ActivityModule,
  ApiKeysModule,
  EventsModule,
  ClustersModule,
  InventoryModule,
  VmsModule,
  BackupsModule,
  ConsoleModule,
  SshKeysModule,
  SsoModule,
  LdapModule,
  SystemUpdateModule,
  CertificatesModule,
  InstancesModule,
  IpamModule,
  MonitoringModule,
  UsageModule,
  DashboardModule,
  AlertsModule,
  PveExplorerModule,
  TicketsModule,
  BrandingModule,
  EsxiModule,
  FirewallsModule,
  DeploymentsModule,
  RolesModule,
  LeftoversModule,
  MetricsModule,
];

@Module({})
export class ApiModule {
  static forRoot(config: AppConfig, extra: DynamicModule['imports'] = []): DynamicModule {
    return {
      module: ApiModule,
      imports: [CoreModule.forRoot(config), ...FEATURE_MODULES, ...extra],
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        // After AuthGuard: it needs the principal.
        { provide: APP_GUARD, useClass: RateLimitGuard },
        ApiRateLimiter,
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        { provide: APP_PIPE, useClass: ZodValidationPipe },
      ],
    };
  }
}

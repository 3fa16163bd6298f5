import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Permission } from '@multpanel/contracts';
import { CurrentActor, type Actor } from '../../common/auth/actor';
import { Authenticated } from '../../common/auth/auth.decorators';
import { LiveProxmox } from '../../common/http/rate-limit';
import { FirewallChangesService } from './firewall-changes.service';
import { FirewallDeployService } from './firewall-deploy.service';
import {
  CreateFirewallChangeDto,
  CreateFirewallDto,
  DeployFirewallDto,
  FirewallDeploymentsQueryDto,
  FirewallListQueryDto,
  FirewallTargetsQueryDto,
  NetworkEdgeDto,
  UpdateFirewallDto,
} from './firewalls.dto';
import { FirewallsService } from './firewalls.service';

const id = new ParseUUIDPipe({ version: undefined });

@ApiTags('firewalls')
@Controller('firewalls')
export class FirewallsController {
  constructor(
    private readonly firewalls: FirewallsService,
    private readonly changes: FirewallChangesService,
    private readonly deployments: FirewallDeployService,
  ) {}

  @Post('deploy')
  @HttpCode(202)
  @Authenticated({ permission: Permission.FirewallRegister })
  @ApiOperation({
    summary:
      'Zero-touch deployment: clone the OPNsense template, config disk, start, baseline (a tracked job)',
  })
  deploy(@CurrentActor() actor: Actor, @Body() body: DeployFirewallDto) {
    return this.deployments.deploy(actor, body);
  }

  @Post('network-edge')
  @HttpCode(202)
  @Authenticated({ permission: Permission.FirewallRegister })
  @ApiOperation({
    summary:
      'One-click network edge: next free VLAN, the company’s LAN range, the firewall on it (one tracked job)',
  })
  networkEdge(@CurrentActor() actor: Actor, @Body() body: NetworkEdgeDto) {
    return this.deployments.networkEdge(actor, body);
  }

  @Get('deployments')
  @Authenticated({ permission: Permission.FirewallRead })
  @ApiOperation({
    summary: 'Firewall deployments with their step timings, newest first (last 100)',
  })
  listDeployments(@CurrentActor() actor: Actor, @Query() q: FirewallDeploymentsQueryDto) {
    return this.deployments.list(actor, q);
  }

  @Get('deployments/metrics')
  @Authenticated({ permission: Permission.FirewallRead })
  @ApiOperation({
    summary:
      'Deployment figures by auth method (API key vs bootstrap) and rule/NAT change figures: count, success rate, durations',
  })
  deploymentMetrics(@CurrentActor() actor: Actor, @Query() q: FirewallDeploymentsQueryDto) {
    return this.deployments.metrics(actor, q);
  }

  @Get()
  @Authenticated({ permission: Permission.FirewallRead })
  @ApiOperation({ summary: 'Edge firewalls in the caller’s scope (paged)' })
  list(@CurrentActor() actor: Actor, @Query() q: FirewallListQueryDto) {
    return this.firewalls.list(actor, q);
  }

  @Post()
  @LiveProxmox()
  @Authenticated({ permission: Permission.FirewallRegister })
  @ApiOperation({
    summary:
      'Register an existing OPNsense firewall (its key must work; key and secret are stored encrypted)',
  })
  create(@CurrentActor() actor: Actor, @Body() body: CreateFirewallDto) {
    return this.firewalls.create(actor, body);
  }

  @Get(':id')
  @Authenticated({ permission: Permission.FirewallRead })
  get(@CurrentActor() actor: Actor, @Param('id', id) firewallId: string) {
    return this.firewalls.get(actor, firewallId);
  }

  @Patch(':id')
  @Authenticated({ permission: Permission.FirewallRegister })
  update(
    @CurrentActor() actor: Actor,
    @Param('id', id) firewallId: string,
    @Body() body: UpdateFirewallDto,
  ) {
    return this.firewalls.update(actor, firewallId, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Authenticated({ permission: Permission.FirewallRegister })
  async remove(@CurrentActor() actor: Actor, @Param('id', id) firewallId: string) {
    await this.firewalls.remove(actor, firewallId);
  }

  @Post(':id/test')
  @LiveProxmox()
  @HttpCode(200)
  @Authenticated({ permission: Permission.FirewallRead })
  @ApiOperation({ summary: 'Ask the firewall for its version now' })
  test(@CurrentActor() actor: Actor, @Param('id', id) firewallId: string) {
    return this.firewalls.test(actor, firewallId);
  }

  @Get(':id/items/:kind')
  @LiveProxmox()
  @Authenticated({ permission: Permission.FirewallRead })
  @ApiOperation({
    summary:
      'Aliases, filter rules, outbound/one-to-one NAT or port forwards, read from the firewall',
  })
  items(
    @CurrentActor() actor: Actor,
    @Param('id', id) firewallId: string,
    @Param('kind') kind: string,
  ) {
    return this.firewalls.items(actor, firewallId, kind);
  }

  @Get(':id/targets')
  @Authenticated({ permission: Permission.FirewallRead })
  @ApiOperation({
    summary:
      'Guest picker: IPAM addresses of the company’s guests in its own ranges (port forward and one-to-one targets), paged',
  })
  targets(
    @CurrentActor() actor: Actor,
    @Param('id', id) firewallId: string,
    @Query() q: FirewallTargetsQueryDto,
  ) {
    return this.changes.targets(actor, firewallId, q);
  }

  @Get(':id/changes')
  @Authenticated({ permission: Permission.FirewallRead })
  @ApiOperation({ summary: 'Change sets of the firewall, newest first (last 100)' })
  listChanges(@CurrentActor() actor: Actor, @Param('id', id) firewallId: string) {
    return this.changes.list(actor, firewallId);
  }

  @Post(':id/changes')
  @LiveProxmox()
  @Authenticated({ permission: Permission.FirewallManage })
  @ApiOperation({
    summary: 'Validate a change set and preview its diff against the firewall (pending)',
  })
  createChange(
    @CurrentActor() actor: Actor,
    @Param('id', id) firewallId: string,
    @Body() body: CreateFirewallChangeDto,
  ) {
    return this.changes.create(actor, firewallId, body);
  }

  @Get(':id/changes/:changeId')
  @Authenticated({ permission: Permission.FirewallRead })
  getChange(
    @CurrentActor() actor: Actor,
    @Param('id', id) firewallId: string,
    @Param('changeId', id) changeId: string,
  ) {
    return this.changes.get(actor, firewallId, changeId);
  }

  @Post(':id/changes/:changeId/apply')
  @HttpCode(202)
  @Authenticated({ permission: Permission.FirewallManage })
  @ApiOperation({
    summary:
      'Apply a pending change set as one unit: a tracked job (savepoint, auto-revert on failure)',
  })
  apply(
    @CurrentActor() actor: Actor,
    @Param('id', id) firewallId: string,
    @Param('changeId', id) changeId: string,
  ) {
    return this.changes.apply(actor, firewallId, changeId);
  }

  @Post(':id/changes/:changeId/revert')
  @LiveProxmox()
  @Authenticated({ permission: Permission.FirewallManage })
  @ApiOperation({
    summary:
      'Manual revert: a pending change set undoing an applied one (diff previewed; apply it like any other)',
  })
  revert(
    @CurrentActor() actor: Actor,
    @Param('id', id) firewallId: string,
    @Param('changeId', id) changeId: string,
  ) {
    return this.changes.revert(actor, firewallId, changeId);
  }
}

import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Permission } from '@multpanel/contracts';
import { CurrentActor, type Actor } from '../../common/auth/actor';
import { Authenticated, CurrentScope } from '../../common/auth/auth.decorators';
import type { Scope } from '../../common/auth/scope';
import { AlertRulesService } from './alert-rules.service';
import {
  AcknowledgeAlertDto,
  AlertListQueryDto,
  CreateAlertRuleDto,
  CreateChannelDto,
  SilenceAlertDto,
  UpdateAlertRuleDto,
  UpdateChannelDto,
} from './alerts.dto';
import { AlertsService } from './alerts.service';

@ApiTags('alerts')
@Controller('alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Get()
  @Authenticated({ permission: Permission.MonitoringRead })
  @ApiOperation({ summary: 'Alerts in the caller’s scope (open = firing; paged)' })
  list(@CurrentActor() actor: Actor, @Query() q: AlertListQueryDto) {
    return this.alerts.list(actor, q);
  }

  @Get(':id')
  @Authenticated({ permission: Permission.MonitoringRead })
  @ApiOperation({ summary: 'An alert with its history and deliveries' })
  get(@CurrentScope() scope: Scope, @Param('id') id: string) {
    return this.alerts.get(scope, id);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @Authenticated({ permission: Permission.AlertAcknowledge })
  acknowledge(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() body: AcknowledgeAlertDto,
  ) {
    return this.alerts.acknowledge(actor, id, body);
  }

  @Post(':id/silence')
  @HttpCode(200)
  @Authenticated({ permission: Permission.AlertAcknowledge })
  silence(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: SilenceAlertDto) {
    return this.alerts.silence(actor, id, body);
  }
}

@ApiTags('alerts')
@Controller('alert-rules')
export class AlertRulesController {
  constructor(private readonly rules: AlertRulesService) {}

  @Get()
  @Authenticated({ permission: Permission.AlertManage })
  list(@CurrentActor() actor: Actor) {
    return this.rules.listRules(actor);
  }

  @Post()
  @Authenticated({ permission: Permission.AlertManage })
  create(@CurrentActor() actor: Actor, @Body() body: CreateAlertRuleDto) {
    return this.rules.createRule(actor, body);
  }

  @Patch(':id')
  @Authenticated({ permission: Permission.AlertManage })
  update(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: UpdateAlertRuleDto) {
    return this.rules.updateRule(actor, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Authenticated({ permission: Permission.AlertManage })
  remove(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.rules.deleteRule(actor, id);
  }
}

@ApiTags('alerts')
@Controller('notification-channels')
export class NotificationChannelsController {
  constructor(private readonly rules: AlertRulesService) {}

  @Get()
  @Authenticated({ permission: Permission.AlertManage })
  list(@CurrentActor() actor: Actor) {
    return this.rules.listChannels(actor);
  }

  @Post()
  @Authenticated({ permission: Permission.AlertManage })
  @ApiOperation({
    summary: 'An e-mail or webhook channel (a generated webhook secret is shown once)',
  })
  create(@CurrentActor() actor: Actor, @Body() body: CreateChannelDto) {
    return this.rules.createChannel(actor, body);
  }

  @Patch(':id')
  @Authenticated({ permission: Permission.AlertManage })
  @ApiOperation({ summary: 'Rename a channel or change its recipients or URL (the type stays)' })
  update(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: UpdateChannelDto) {
    return this.rules.updateChannel(actor, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Authenticated({ permission: Permission.AlertManage })
  remove(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.rules.deleteChannel(actor, id);
  }

  @Post(':id/test')
  @HttpCode(202)
  @Authenticated({ permission: Permission.AlertManage })
  @ApiOperation({ summary: 'Send a test notification through the channel' })
  test(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.rules.testChannel(actor, id);
  }
}

import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  deviceCodeRequestSchema,
  deviceTokenSchema,
  Permission,
  type DeviceCodeResponse,
  type DeviceRequestView,
  type DeviceTokenResponse,
} from '@multpanel/contracts';
import { createZodDto } from 'nestjs-zod';
import { CurrentActor, type Actor } from '../../common/auth/actor';
import { Authenticated, Public } from '../../common/auth/auth.decorators';
import { ReqMeta, type RequestMeta } from '../../common/http/request-meta';
import { DeviceLoginService } from './device-login.service';

class DeviceCodeRequestDto extends createZodDto(deviceCodeRequestSchema) {}
class DeviceTokenDto extends createZodDto(deviceTokenSchema) {}

@ApiTags('auth')
@Controller('auth/device')
export class DeviceLoginController {
  constructor(private readonly device: DeviceLoginService) {}

  @Post('code')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'CLI sign-in without a pasted key: a device code to poll with and a user code to approve at /device',
  })
  start(
    @Body() body: DeviceCodeRequestDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<DeviceCodeResponse> {
    return this.device.start(body, meta);
  }

  @Post('token')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Poll with the device code: pending, or (once) an API key; 429 when polled too fast, 403 when denied, 404 when expired or used',
  })
  token(@Body() body: DeviceTokenDto, @ReqMeta() meta: RequestMeta): Promise<DeviceTokenResponse> {
    return this.device.poll(body.deviceCode, meta);
  }

  @Get('requests/:userCode')
  @Authenticated({ permission: Permission.ApiKeyManage })
  @ApiOperation({ summary: 'The device sign-in request a user code names, before approving it' })
  show(
    @CurrentActor() actor: Actor,
    @Param('userCode') userCode: string,
  ): Promise<DeviceRequestView> {
    return this.device.show(actor, userCode);
  }

  @Post('requests/:userCode/approve')
  @HttpCode(204)
  @Authenticated({ permission: Permission.ApiKeyManage })
  @ApiOperation({
    summary: 'Approve a device sign-in: the CLI receives an API key with your permissions',
  })
  async approve(@CurrentActor() actor: Actor, @Param('userCode') userCode: string): Promise<void> {
    await this.device.decide(actor, userCode, 'approved');
  }

  @Post('requests/:userCode/deny')
  @HttpCode(204)
  @Authenticated({ permission: Permission.ApiKeyManage })
  @ApiOperation({ summary: 'Refuse a device sign-in you did not start' })
  async deny(@CurrentActor() actor: Actor, @Param('userCode') userCode: string): Promise<void> {
    await this.device.decide(actor, userCode, 'denied');
  }
}

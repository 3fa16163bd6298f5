import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { createApiKeySchema, Permission } from '@multpanel/contracts';
import { createZodDto } from 'nestjs-zod';
import { CurrentActor, type Actor } from '../../common/auth/actor';
import { Authenticated } from '../../common/auth/auth.decorators';
import { ApiKeysService } from './api-keys.service';

class CreateApiKeyDto extends createZodDto(createApiKeySchema) {}

@ApiTags('api-keys')
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Get()
  @Authenticated({ permission: Permission.ApiKeyManage })
  @ApiOperation({ summary: 'The caller’s active API keys (never the secret)' })
  list(@CurrentActor() actor: Actor) {
    return this.keys.list(actor);
  }

  @Post()
  @Authenticated({ permission: Permission.ApiKeyManage })
  @ApiOperation({
    summary: 'Create a key with a subset of the caller’s permissions; `key` is shown once',
  })
  create(@CurrentActor() actor: Actor, @Body() body: CreateApiKeyDto) {
    return this.keys.create(actor, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Authenticated({ permission: Permission.ApiKeyManage })
  async revoke(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<void> {
    await this.keys.revoke(actor, id);
  }
}

import { Body, Controller, Get, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '../../common/auth/auth.decorators';
import { requestMeta } from '../../common/http/request-meta';
import { SetupDto } from '../auth/auth.dto';
import { SetupService } from './setup.service';

@ApiTags('setup')
@Controller('setup')
export class SetupController {
  constructor(private readonly setup: SetupService) {}

  @Get('status')
  @Public()
  @ApiOperation({ summary: 'Whether the first-run setup is still open' })
  status() {
    return this.setup.status();
  }

  @Post()
  @Public()
  @ApiOperation({ summary: 'Create the first super_admin (only while no user exists)' })
  create(@Body() body: SetupDto, @Req() req: FastifyRequest) {
    return this.setup.setup(body, requestMeta(req));
  }
}

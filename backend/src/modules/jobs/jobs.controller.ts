import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { jobListQuerySchema, Permission, type JobDto, type JobPage } from '@multpanel/contracts';
import { createZodDto } from 'nestjs-zod';
import { Authenticated, CurrentPrincipal, CurrentScope } from '../../common/auth/auth.decorators';
import type { Principal, Scope } from '../../common/auth/scope';
import { JobsService } from './jobs.service';

class JobListQueryDto extends createZodDto(jobListQuerySchema) {}

@ApiTags('jobs')
@Controller('jobs')
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  @Get()
  @Authenticated({ permission: Permission.VmRead })
  @ApiOperation({ summary: 'Jobs the caller may see, newest first' })
  list(
    @Query() q: JobListQueryDto,
    @CurrentPrincipal() p: Principal,
    @CurrentScope() scope: Scope,
  ): Promise<JobPage> {
    return this.jobs.list(p, scope, q);
  }

  @Get(':id')
  @Authenticated({ permission: Permission.VmRead })
  @ApiOperation({ summary: 'One job with its log' })
  get(
    @Param('id', new ParseUUIDPipe({ version: undefined })) id: string,
    @CurrentScope() scope: Scope,
  ): Promise<JobDto> {
    return this.jobs.get(scope, id);
  }
}

import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  mediaListQuerySchema,
  Permission,
  templateListQuerySchema,
  templateScanSchema,
  updateTemplateSchema,
  type JobDto,
  type MediaDto,
  type TemplateDto,
} from '@multpanel/contracts';
import { createZodDto } from 'nestjs-zod';
import { Authenticated, CurrentPrincipal, CurrentScope } from '../../common/auth/auth.decorators';
import type { Principal, Scope } from '../../common/auth/scope';
import { JobsService } from '../jobs/jobs.service';
import { TemplatesService } from './templates.service';

class TemplateListQueryDto extends createZodDto(templateListQuerySchema) {}
class MediaListQueryDto extends createZodDto(mediaListQuerySchema) {}
class UpdateTemplateDto extends createZodDto(updateTemplateSchema) {}
class TemplateScanDto extends createZodDto(templateScanSchema) {}

@ApiTags('templates')
@Controller()
export class TemplatesController {
  constructor(
    private readonly templates: TemplatesService,
    private readonly jobs: JobsService,
  ) {}

  @Get('templates')
  @Authenticated({ permission: Permission.VmRead })
  @ApiOperation({ summary: 'Templates the caller may clone' })
  list(@Query() q: TemplateListQueryDto, @CurrentScope() scope: Scope): Promise<TemplateDto[]> {
    return this.templates.list(scope, q);
  }

  @Get('media')
  @Authenticated({ permission: Permission.VmCreate })
  @ApiOperation({ summary: 'ISO images / container templates on a cluster' })
  media(@Query() q: MediaListQueryDto): Promise<MediaDto[]> {
    return this.templates.media(q.clusterId, q.kind);
  }

  @Post('templates/scan')
  @HttpCode(202)
  @Authenticated({ permission: Permission.ClusterManage })
  @ApiOperation({ summary: 'Scan clusters for templates now (a job)' })
  async scan(
    @Body() body: TemplateScanDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<{ job: JobDto }> {
    const job = await this.jobs.start({
      type: 'templates.scan',
      companyId: null,
      actorId: p.userId,
      clusterId: body?.clusterId ?? null,
      params: { clusterId: body?.clusterId ?? null },
    });
    return { job };
  }

  @Put('templates/:id')
  @Authenticated({ permission: Permission.ClusterManage })
  @ApiOperation({ summary: 'Which companies may use a template; Windows + GPU flag' })
  update(
    @Param('id', new ParseUUIDPipe({ version: undefined })) id: string,
    @Body() body: UpdateTemplateDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<TemplateDto> {
    return this.templates.update(p, id, body);
  }
}

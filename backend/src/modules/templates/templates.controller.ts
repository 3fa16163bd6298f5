import { LiveProxmox } from '../../common/http/rate-limit';
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
  type TemplatePage,
} from '@multpanel/contracts';
import { createZodDto } from 'nestjs-zod';
import { CurrentActor, type Actor } from '../../common/auth/actor';
import { Authenticated } from '../../common/auth/auth.decorators';
import { TemplatesService } from './templates.service';

class TemplateListQueryDto extends createZodDto(templateListQuerySchema) {}
class MediaListQueryDto extends createZodDto(mediaListQuerySchema) {}
class UpdateTemplateDto extends createZodDto(updateTemplateSchema) {}
class TemplateScanDto extends createZodDto(templateScanSchema) {}

@ApiTags('templates')
@Controller()
export class TemplatesController {
  constructor(private readonly templates: TemplatesService) {}

  @Get('templates')
  @Authenticated({ permission: Permission.VmRead })
  @ApiOperation({ summary: 'Templates the caller may clone, one page' })
  list(@Query() q: TemplateListQueryDto, @CurrentActor() actor: Actor): Promise<TemplatePage> {
    return this.templates.list(actor, q);
  }

  @Get('media')
  @LiveProxmox()
  @Authenticated({ permission: Permission.VmCreate })
  @ApiOperation({ summary: 'ISO images / container templates on a cluster you may use' })
  media(@Query() q: MediaListQueryDto, @CurrentActor() actor: Actor): Promise<MediaDto[]> {
    return this.templates.media(actor, q.clusterId, q.kind);
  }

  @Post('templates/scan')
  @HttpCode(202)
  @Authenticated({ permission: Permission.ClusterManage })
  @ApiOperation({ summary: 'Scan clusters for templates now (a job)' })
  scan(@Body() body: TemplateScanDto, @CurrentActor() actor: Actor): Promise<{ job: JobDto }> {
    return this.templates.startScan(actor, body?.clusterId ?? null);
  }

  @Put('templates/:id')
  @Authenticated({ permission: Permission.ClusterManage })
  @ApiOperation({ summary: 'Which companies may use a template; Windows + GPU flag' })
  update(
    @Param('id', new ParseUUIDPipe({ version: undefined })) id: string,
    @Body() body: UpdateTemplateDto,
    @CurrentActor() actor: Actor,
  ): Promise<TemplateDto> {
    return this.templates.update(actor, id, body);
  }
}

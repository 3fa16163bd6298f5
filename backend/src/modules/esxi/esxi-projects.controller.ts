import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseIntPipe,
  ParseUUIDPipe,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Permission } from '@multpanel/contracts';
import { CurrentActor, type Actor } from '../../common/auth/actor';
import { Authenticated } from '../../common/auth/auth.decorators';
import { LiveProxmox } from '../../common/http/rate-limit';
import {
  CreateEsxiProjectDto,
  EsxiProjectListQueryDto,
  RunEsxiWaveDto,
  SetEsxiProjectVmsDto,
} from './esxi.dto';
import { EsxiProjectsService } from './esxi-projects.service';

const id = new ParseUUIDPipe({ version: undefined });
const wavePipe = new ParseIntPipe({ errorHttpStatusCode: 400 });

/** Migration projects: staff plan and run them; the company reads its own project's progress. */
@ApiTags('esxi')
@Controller('esxi-projects')
export class EsxiProjectsController {
  constructor(private readonly projects: EsxiProjectsService) {}

  @Get()
  @Authenticated({ permission: Permission.VmRead })
  @ApiOperation({ summary: 'Migration projects in the caller’s scope (paged)' })
  list(@CurrentActor() actor: Actor, @Query() q: EsxiProjectListQueryDto) {
    return this.projects.list(actor, q);
  }

  @Post()
  @Authenticated({ permission: Permission.EsxiManage })
  @ApiOperation({ summary: 'A migration project for a source: target cluster, node, mappings' })
  create(@CurrentActor() actor: Actor, @Body() body: CreateEsxiProjectDto) {
    return this.projects.create(actor, body);
  }

  @Get(':id')
  @Authenticated({ permission: Permission.VmRead })
  @ApiOperation({ summary: 'A project with each VM’s wave, status, duration, size and warnings' })
  get(@CurrentActor() actor: Actor, @Param('id', id) projectId: string) {
    return this.projects.get(actor, projectId);
  }

  @Delete(':id')
  @HttpCode(204)
  @Authenticated({ permission: Permission.EsxiManage })
  async remove(@CurrentActor() actor: Actor, @Param('id', id) projectId: string) {
    await this.projects.remove(actor, projectId);
  }

  @Put(':id/vms')
  @Authenticated({ permission: Permission.EsxiManage })
  @ApiOperation({ summary: 'Set the project’s VMs and their waves (order = import order)' })
  setVms(
    @CurrentActor() actor: Actor,
    @Param('id', id) projectId: string,
    @Body() body: SetEsxiProjectVmsDto,
  ) {
    return this.projects.setVms(actor, projectId, body);
  }

  // Plans each VM's import on the cluster while the caller waits (import-metadata per VM).
  @Post(':id/waves/:wave/run')
  @LiveProxmox()
  @HttpCode(202)
  @Authenticated({ permission: Permission.EsxiManage })
  @ApiOperation({ summary: 'Run a wave: one import job per planned VM, in order' })
  run(
    @CurrentActor() actor: Actor,
    @Param('id', id) projectId: string,
    @Param('wave', wavePipe) wave: number,
    @Body() body: RunEsxiWaveDto,
  ) {
    return this.projects.runWave(actor, projectId, wave, body);
  }

  @Post(':id/vms/:vmId/cancel')
  @HttpCode(200)
  @Authenticated({ permission: Permission.EsxiManage })
  @ApiOperation({
    summary:
      'Cancel the import of one VM of the project (it stops before Proxmox starts copying its disks)',
  })
  cancelVm(
    @CurrentActor() actor: Actor,
    @Param('id', id) projectId: string,
    @Param('vmId', id) projectVmId: string,
  ) {
    return this.projects.cancelVm(actor, projectId, projectVmId);
  }

  // Powers source VMs on again on ESXi while the caller waits.
  @Post(':id/waves/:wave/rollback')
  @HttpCode(200)
  @Authenticated({ permission: Permission.EsxiManage })
  @ApiOperation({
    summary: 'Roll a wave back: cancel its imports under way, power on the source VMs it shut down',
  })
  rollback(
    @CurrentActor() actor: Actor,
    @Param('id', id) projectId: string,
    @Param('wave', wavePipe) wave: number,
  ) {
    return this.projects.rollbackWave(actor, projectId, wave);
  }
}

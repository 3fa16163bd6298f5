import {
  Body,
  Controller,
  Delete,
  Get,
  Param,
  ParseUUIDPipe,
  Put,
  Req,
  Res,
  type PipeTransform,
} from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  BRANDING_ASSET_KINDS,
  BRANDING_ASSET_TYPES,
  Permission,
  brandingHostsSchema,
  brandingUpdateSchema,
  type BrandingAssetKind,
  type BrandingDto,
  type EffectiveBranding,
} from '@multpanel/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createZodDto } from 'nestjs-zod';
import { CurrentActor, type Actor } from '../../common/auth/actor';
import { Authenticated, Public } from '../../common/auth/auth.decorators';
import { AppError } from '../../common/errors/app-error';
import { BrandingService } from './branding.service';

class BrandingUpdateDto extends createZodDto(brandingUpdateSchema) {}
class BrandingHostsDto extends createZodDto(brandingHostsSchema) {}

const uuid = new ParseUUIDPipe({ version: undefined });
const assetKind: PipeTransform<string, BrandingAssetKind> = {
  transform(v: string) {
    if (!(BRANDING_ASSET_KINDS as readonly string[]).includes(v)) {
      throw new AppError(
        'VALIDATION_FAILED',
        `The image is one of ${BRANDING_ASSET_KINDS.join(', ')}`,
      );
    }
    return v as BrandingAssetKind;
  },
};

const upload = (req: FastifyRequest) => ({
  stream: req.raw,
  contentType: req.headers['content-type'],
  contentLength: req.headers['content-length'],
});

@ApiTags('branding')
@Controller('branding')
export class BrandingController {
  constructor(private readonly branding: BrandingService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'The branding this host shows (a mapped company host, else the MSP’s)' })
  effective(@Req() req: FastifyRequest): Promise<EffectiveBranding> {
    return this.branding.effective(req.host);
  }

  @Get('mine')
  @Authenticated()
  @ApiOperation({ summary: 'The branding the signed-in user sees: its company’s over the MSP’s' })
  mine(@CurrentActor() actor: Actor, @Req() req: FastifyRequest): Promise<EffectiveBranding> {
    return this.branding.effective(req.host, actor.principal.companyId);
  }

  @Get('assets/:owner/:sha256')
  @Public()
  @ApiProduces(...BRANDING_ASSET_TYPES)
  @ApiOperation({ summary: 'A logo or favicon (content-addressed, cached for good)' })
  async asset(
    @Param('owner') owner: string,
    @Param('sha256') sha256: string,
    @Res() res: FastifyReply,
  ): Promise<void> {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new AppError('NOT_FOUND', 'Image not found');
    const a = await this.branding.asset(owner, sha256);
    await res
      .header('Content-Type', a.contentType)
      .header('Content-Length', String(a.size))
      .header('X-Content-Type-Options', 'nosniff')
      .header('Content-Security-Policy', "default-src 'none'; sandbox")
      .header('Cache-Control', 'public, max-age=31536000, immutable')
      .send(a.stream);
  }

  @Get('platform')
  @Authenticated({ permission: Permission.PlatformSettings })
  @ApiOperation({ summary: 'The MSP’s own branding' })
  platform(@CurrentActor() actor: Actor): Promise<BrandingDto> {
    return this.branding.get(actor, null);
  }

  @Put('platform')
  @Authenticated({ permission: Permission.PlatformSettings })
  updatePlatform(
    @CurrentActor() actor: Actor,
    @Body() body: BrandingUpdateDto,
  ): Promise<BrandingDto> {
    return this.branding.update(actor, null, body);
  }

  @Put('platform/assets/:kind')
  @Authenticated({ permission: Permission.PlatformSettings })
  @ApiConsumes(...BRANDING_ASSET_TYPES)
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiOperation({
    summary: 'Upload the MSP’s logo (light/dark) or favicon: PNG, JPEG, WebP or GIF',
  })
  uploadPlatformAsset(
    @CurrentActor() actor: Actor,
    @Param('kind', assetKind) kind: BrandingAssetKind,
    @Req() req: FastifyRequest,
  ): Promise<BrandingDto> {
    return this.branding.uploadAsset(actor, null, kind, upload(req));
  }

  @Delete('platform/assets/:kind')
  @Authenticated({ permission: Permission.PlatformSettings })
  removePlatformAsset(
    @CurrentActor() actor: Actor,
    @Param('kind', assetKind) kind: BrandingAssetKind,
  ): Promise<BrandingDto> {
    return this.branding.removeAsset(actor, null, kind);
  }
}

@ApiTags('branding')
@Controller('companies/:id/branding')
export class CompanyBrandingController {
  constructor(private readonly branding: BrandingService) {}

  @Get()
  @Authenticated({ permission: Permission.BrandingManage })
  @ApiOperation({ summary: 'A company’s branding and host names' })
  get(@CurrentActor() actor: Actor, @Param('id', uuid) id: string): Promise<BrandingDto> {
    return this.branding.get(actor, id);
  }

  @Put()
  @Authenticated({ permission: Permission.BrandingManage })
  update(
    @CurrentActor() actor: Actor,
    @Param('id', uuid) id: string,
    @Body() body: BrandingUpdateDto,
  ): Promise<BrandingDto> {
    return this.branding.update(actor, id, body);
  }

  @Put('hosts')
  @Authenticated({ permission: Permission.CompanyUpdate })
  @ApiOperation({ summary: 'Host names that show the company’s branding (MSP only)' })
  setHosts(
    @CurrentActor() actor: Actor,
    @Param('id', uuid) id: string,
    @Body() body: BrandingHostsDto,
  ): Promise<BrandingDto> {
    return this.branding.setHosts(actor, id, body.hosts);
  }

  @Put('assets/:kind')
  @Authenticated({ permission: Permission.BrandingManage })
  @ApiConsumes(...BRANDING_ASSET_TYPES)
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiOperation({ summary: 'Upload a logo (light/dark) or favicon: PNG, JPEG, WebP or GIF' })
  uploadAsset(
    @CurrentActor() actor: Actor,
    @Param('id', uuid) id: string,
    @Param('kind', assetKind) kind: BrandingAssetKind,
    @Req() req: FastifyRequest,
  ): Promise<BrandingDto> {
    return this.branding.uploadAsset(actor, id, kind, upload(req));
  }

  @Delete('assets/:kind')
  @Authenticated({ permission: Permission.BrandingManage })
  removeAsset(
    @CurrentActor() actor: Actor,
    @Param('id', uuid) id: string,
    @Param('kind', assetKind) kind: BrandingAssetKind,
  ): Promise<BrandingDto> {
    return this.branding.removeAsset(actor, id, kind);
  }
}

import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Permission } from '@multpanel/contracts';
import { LiveProxmox } from '../../common/http/rate-limit';
import { CurrentActor, type Actor } from '../../common/auth/actor';
import { Authenticated } from '../../common/auth/auth.decorators';
import {
  AllocateIpDto,
  AssignVlanDto,
  CreateIpRangeDto,
  CreateVlanPoolDto,
  IpAddressListQueryDto,
  IpamConflictsQueryDto,
  IpRangeListQueryDto,
  ReleaseIpDto,
  ReserveIpDto,
  UpdateIpRangeDto,
} from './ipam.dto';
import { IpamAddressesService } from './ipam-addresses.service';
import { IpamRangesService } from './ipam-ranges.service';
import { IpamSdnService } from './ipam-sdn.service';
import { IpamSweepService } from './ipam-sweep.service';
import { IpamVlanAdminService } from './ipam-vlan-admin.service';

@ApiTags('ipam')
@Controller('ipam')
export class IpamController {
  constructor(
    private readonly ranges: IpamRangesService,
    private readonly ipam: IpamAddressesService,
    private readonly sweeps: IpamSweepService,
    private readonly vlans: IpamVlanAdminService,
    private readonly sdn: IpamSdnService,
  ) {}

  @Post('clusters/:clusterId/conflict-sweeps')
  @HttpCode(202)
  @Authenticated({ permission: Permission.ClusterManage })
  @ApiOperation({
    summary: "Sweep a cluster: the guest agents' addresses against IPAM (a tracked job)",
  })
  startSweep(@CurrentActor() actor: Actor, @Param('clusterId') clusterId: string) {
    return this.sweeps.start(actor, clusterId);
  }

  @Get('clusters/:clusterId/conflict-sweeps/latest')
  @Authenticated({ permission: Permission.ClusterManage })
  @ApiOperation({ summary: "The cluster's newest conflict sweep: conflicts, unknown, duplicates" })
  latestSweep(@CurrentActor() actor: Actor, @Param('clusterId') clusterId: string) {
    return this.sweeps.latest(actor, clusterId);
  }

  @Get('conflicts')
  @Authenticated({ permission: Permission.ClusterManage })
  @ApiOperation({
    summary: "The latest sweeps' findings, filtered by cluster, range and kind (paged)",
  })
  conflicts(@CurrentActor() actor: Actor, @Query() q: IpamConflictsQueryDto) {
    return this.sweeps.conflicts(actor, q);
  }

  @Get('ranges')
  @Authenticated({ permission: Permission.IpamRead })
  @ApiOperation({
    summary: "IP ranges in the caller's scope and the shared pool, with usage (paged)",
  })
  list(@CurrentActor() actor: Actor, @Query() q: IpRangeListQueryDto) {
    return this.ranges.list(actor, q);
  }

  @Post('ranges')
  @Authenticated({ permission: Permission.IpamManage })
  @ApiOperation({ summary: "Create a range (a company's, or without companyId the shared pool)" })
  create(@CurrentActor() actor: Actor, @Body() body: CreateIpRangeDto) {
    return this.ranges.create(actor, body);
  }

  @Get('ranges/:id')
  @Authenticated({ permission: Permission.IpamRead })
  get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.ranges.get(actor, id);
  }

  @Patch('ranges/:id')
  @Authenticated({ permission: Permission.IpamManage })
  update(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: UpdateIpRangeDto) {
    return this.ranges.update(actor, id, body);
  }

  @Delete('ranges/:id')
  @HttpCode(204)
  @Authenticated({ permission: Permission.IpamManage })
  @ApiOperation({ summary: 'Delete a range with no address allocated or held (409 otherwise)' })
  async remove(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<void> {
    await this.ranges.remove(actor, id);
  }

  @Get('ranges/:id/addresses')
  @Authenticated({ permission: Permission.IpamRead })
  @ApiOperation({
    summary: "A range's address table (paged): every address, or filtered by status/search",
  })
  addresses(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Query() q: IpAddressListQueryDto,
  ) {
    return this.ranges.addresses(actor, id, q);
  }

  @Post('ranges/:id/allocations')
  @Authenticated({ permission: Permission.IpamAllocate })
  @ApiOperation({
    summary: 'Allocate the next free address, or a chosen one (409 when taken or exhausted)',
  })
  allocate(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: AllocateIpDto) {
    return this.ipam.allocate(actor, id, body);
  }

  @Post('ranges/:id/reservations')
  @Authenticated({ permission: Permission.IpamAllocate })
  @ApiOperation({ summary: 'Reserve an address (or the next free one) with a note' })
  reserve(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: ReserveIpDto) {
    return this.ipam.reserve(actor, id, body);
  }

  @Get('addresses/:id')
  @Authenticated({ permission: Permission.IpamRead })
  @ApiOperation({ summary: 'An address with its history (who held it when)' })
  address(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.ranges.address(actor, id);
  }

  @Post('addresses/:id/release')
  @HttpCode(200)
  @Authenticated({ permission: Permission.IpamAllocate })
  @ApiOperation({
    summary: 'Release: an allocated address is held for the range hold period, then free',
  })
  release(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: ReleaseIpDto) {
    return this.ipam.release(actor, id, body);
  }

  @Get('guests/:guestId/addresses')
  @Authenticated({ permission: Permission.VmRead })
  @ApiOperation({ summary: "A guest's IPAM addresses, NIC by NIC (anyone who may see the guest)" })
  guestAddresses(@CurrentActor() actor: Actor, @Param('guestId') guestId: string) {
    return this.ipam.guestAddressesFor(actor, guestId);
  }

  @Get('clusters/:clusterId/sdn-vnets')
  @LiveProxmox()
  @Authenticated({ permission: Permission.IpamManage })
  @ApiOperation({ summary: "A cluster's SDN VNets a range may bind to (none without SDN)" })
  sdnVnets(@CurrentActor() actor: Actor, @Param('clusterId') clusterId: string) {
    return this.sdn.vnets(actor, clusterId);
  }

  @Get('clusters/:clusterId/vlan-pools')
  @Authenticated({ permission: Permission.ClusterManage })
  @ApiOperation({ summary: "A cluster's VLAN pools (the tags the MSP may hand out), with use" })
  vlanPools(@CurrentActor() actor: Actor, @Param('clusterId') clusterId: string) {
    return this.vlans.pools(actor, clusterId);
  }

  @Post('clusters/:clusterId/vlan-pools')
  @Authenticated({ permission: Permission.ClusterManage })
  @ApiOperation({ summary: 'Add a VLAN pool to a cluster (409 when it overlaps another)' })
  createVlanPool(
    @CurrentActor() actor: Actor,
    @Param('clusterId') clusterId: string,
    @Body() body: CreateVlanPoolDto,
  ) {
    return this.vlans.createPool(actor, clusterId, body);
  }

  @Delete('vlan-pools/:id')
  @HttpCode(204)
  @Authenticated({ permission: Permission.ClusterManage })
  @ApiOperation({ summary: 'Delete a VLAN pool none of whose tags is assigned (409 otherwise)' })
  async deleteVlanPool(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<void> {
    await this.vlans.deletePool(actor, id);
  }

  @Get('companies/:companyId/vlans')
  @Authenticated({ permission: Permission.IpamRead })
  @ApiOperation({ summary: 'The VLAN tags assigned to a company (its guests may use only these)' })
  companyVlans(@CurrentActor() actor: Actor, @Param('companyId') companyId: string) {
    return this.vlans.assignments(actor, companyId);
  }

  @Post('companies/:companyId/vlans')
  @Authenticated({ permission: Permission.IpamManage })
  @ApiOperation({
    summary: "Assign a company a VLAN tag of a cluster's pools: a chosen one or the lowest free",
  })
  assignVlan(
    @CurrentActor() actor: Actor,
    @Param('companyId') companyId: string,
    @Body() body: AssignVlanDto,
  ) {
    return this.vlans.assign(actor, companyId, body);
  }

  @Delete('companies/:companyId/vlans/:id')
  @HttpCode(204)
  @Authenticated({ permission: Permission.IpamManage })
  @ApiOperation({ summary: 'Take a VLAN tag back from a company (free for another)' })
  async unassignVlan(
    @CurrentActor() actor: Actor,
    @Param('companyId') companyId: string,
    @Param('id') id: string,
  ): Promise<void> {
    await this.vlans.unassign(actor, companyId, id);
  }
}

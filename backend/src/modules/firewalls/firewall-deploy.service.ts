import { Injectable } from '@nestjs/common';
import type {
  DeployFirewallInput,
  FirewallAuthMethod,
  FirewallDeployMetricsDto,
  FirewallDeploymentDto,
  FirewallDeployStep,
  FirewallDeployJobParams,
  JobDto,
  NetworkEdgeInput,
} from '@multpanel/contracts';
import { FIREWALL_DEPLOY_STEPS, Permission } from '@multpanel/contracts';
import { AccessService } from '../../common/access/access.service';
import { ActivityService } from '../../common/audit/activity.service';
import type { Actor } from '../../common/auth/actor';
import { AppError } from '../../common/errors/app-error';
import { IpamSdnService } from '../ipam/ipam-sdn.service';
import { JobsService } from '../jobs/jobs.service';
import { generateApiCredentials } from './firewall-config-xml';
import { FirewallConnector } from './firewall-connector';
import { FirewallsRepository, type FirewallDeploymentRow } from './firewalls.repository';

type Step = FirewallDeploymentDto['steps'][number];

export function toDeploymentDto(r: FirewallDeploymentRow): FirewallDeploymentDto {
  return {
    id: r.id,
    companyId: r.companyId,
    firewallId: r.firewallId,
    jobId: r.jobId,
    kind: r.kind as FirewallDeploymentDto['kind'],
    status: r.status as FirewallDeploymentDto['status'],
    authMethod: r.authMethod as FirewallAuthMethod,
    vmid: r.vmid,
    steps: (Array.isArray(r.steps) ? r.steps : []) as unknown as Step[],
    durationMs: r.durationMs,
    error: r.error,
    createdAt: r.createdAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
  };
}

/**
 * API side of zero-touch deployment (issue 21): checks the caller may act on the company, cluster
 * and ranges, generates the firewall's API key (sealed at once), records the deployment and starts
 * the `firewalls.deploy` job that does the work (firewall-deploy.runner.ts).
 */
@Injectable()
export class FirewallDeployService {
  constructor(
    private readonly repo: FirewallsRepository,
    private readonly access: AccessService,
    private readonly connector: FirewallConnector,
    private readonly jobs: JobsService,
    private readonly activity: ActivityService,
    private readonly sdn: IpamSdnService,
  ) {}

  async deploy(actor: Actor, input: DeployFirewallInput): Promise<JobDto> {
    await this.checkCommon(actor, input);
    const lan = await this.access.requireIpRange(actor, input.lanRangeId, 'read');
    if (lan.companyId !== input.companyId)
      throw new AppError('BAD_REQUEST', 'The LAN range must be one of the company’s own ranges');
    if (lan.family !== 4) throw new AppError('BAD_REQUEST', 'The LAN range must be IPv4');
    if (!lan.gateway)
      throw new AppError(
        'BAD_REQUEST',
        'The LAN range has no gateway: set it to the address the firewall takes',
      );
    return this.start(actor, 'deploy', input, {
      rangeId: lan.id,
      cidr: lan.cidr,
      gateway: lan.gateway,
      vlan: lan.vlan,
    });
  }

  async networkEdge(actor: Actor, input: NetworkEdgeInput): Promise<JobDto> {
    await this.checkCommon(actor, input);
    // SDN: the zone and VNet are checked now (400), the job creates or takes the VNet
    if (input.sdn) await this.sdn.checkEdgeVnet(input.clusterId, input.companyId, input.sdn);
    return this.start(actor, 'network_edge', input);
  }

  private async checkCommon(actor: Actor, input: DeployFirewallInput | NetworkEdgeInput) {
    this.access.requirePermission(actor, Permission.FirewallRegister);
    await this.access.requireCompany(actor, input.companyId);
    await this.access.requireCluster(actor, input.clusterId, 'use', {
      companyId: input.companyId,
    });
    const wan = await this.access.requireIpRange(actor, input.wanRangeId, 'read');
    if (wan.companyId !== null || wan.family !== 4)
      throw new AppError(
        'BAD_REQUEST',
        'The WAN range must be one of the MSP’s shared IPv4 ranges',
      );
    return wan;
  }

  private async start(
    actor: Actor,
    mode: 'deploy' | 'network_edge',
    input: DeployFirewallInput | NetworkEdgeInput,
    lan?: FirewallDeployJobParams['lan'],
  ): Promise<JobDto> {
    const wan = await this.access.requireIpRange(actor, input.wanRangeId, 'read');
    const creds = generateApiCredentials();
    const sealed = this.connector.seal(creds.key, creds.secret);
    const row = await this.repo.createDeployment({
      companyId: input.companyId,
      clusterId: input.clusterId,
      kind: mode,
      status: 'running',
      authMethod: input.authMethod ?? 'api_key',
      steps: [],
    });
    const job = await this.jobs.start({
      type: 'firewalls.deploy',
      companyId: input.companyId,
      actorId: actor.principal.userId,
      clusterId: input.clusterId,
      params: {
        deploymentId: row.id,
        mode,
        input,
        sealedKey: sealed.apiKey,
        sealedSecret: sealed.apiSecret,
        wan: { prefix: wan.prefixLength, gateway: wan.gateway },
        ...(lan ? { lan } : {}),
      },
      message:
        mode === 'network_edge'
          ? `Network edge for the company: ${'sdn' in input && input.sdn ? `SDN VNet ${input.sdn.vnet}` : 'VLAN'}, ${'lanCidr' in input ? input.lanCidr : ''}, firewall ${input.name}`
          : `Deploy firewall ${input.name}`,
    });
    await this.repo.updateDeploymentForJob(row.id, { jobId: job.id });
    await this.activity.record({
      action: mode === 'network_edge' ? 'firewall.network_edge' : 'firewall.deploy',
      actor: actor.principal,
      companyId: input.companyId,
      resourceType: 'firewall_deployment',
      resourceId: row.id,
      details: { name: input.name, clusterId: input.clusterId, jobId: job.id },
    });
    return job;
  }

  async list(
    actor: Actor,
    filter: { firewallId?: string; companyId?: string },
  ): Promise<FirewallDeploymentDto[]> {
    if (filter.firewallId) await this.access.requireFirewall(actor, filter.firewallId, 'read');
    if (filter.companyId) await this.access.requireCompany(actor, filter.companyId);
    return (await this.repo.deployments(actor.scope, filter, 100)).map(toDeploymentDto);
  }

  /**
   * Figures over the last 500 deployments and the last 500 ended change sets the caller sees (or
   * of one firewall/company).
   */
  async metrics(
    actor: Actor,
    filter: { firewallId?: string; companyId?: string },
  ): Promise<FirewallDeployMetricsDto> {
    if (filter.firewallId) await this.access.requireFirewall(actor, filter.firewallId, 'read');
    if (filter.companyId) await this.access.requireCompany(actor, filter.companyId);
    const rows = (await this.repo.deployments(actor.scope, filter, 500)).filter(
      (r) => r.status !== 'running',
    );
    const changes = await this.repo.endedChanges(actor.scope, filter, 500);
    return {
      byAuthMethod: deployMetrics(rows.map(toDeploymentDto)),
      changes: changeMetrics(changes),
    };
  }
}

/** Count, success rate and mean/max apply time of ended change sets. */
export function changeMetrics(
  rows: Array<{ status: string; durationMs: number | null }>,
): FirewallDeployMetricsDto['changes'] {
  const applied = rows.filter((r) => r.status === 'applied');
  const ms = applied.map((r) => r.durationMs ?? 0);
  return {
    authMethod: 'api_key',
    changes: rows.length,
    applied: applied.length,
    successRate: rows.length ? applied.length / rows.length : 0,
    meanMs: ms.length ? Math.round(ms.reduce((a, b) => a + b, 0) / ms.length) : null,
    maxMs: ms.length ? Math.max(...ms) : null,
  };
}

/** Count, success rate, mean/max duration and mean per step, by auth method. */
export function deployMetrics(
  rows: FirewallDeploymentDto[],
): FirewallDeployMetricsDto['byAuthMethod'] {
  const methods: FirewallAuthMethod[] = ['api_key', 'bootstrap'];
  return methods
    .map((authMethod) => {
      const of = rows.filter((r) => r.authMethod === authMethod);
      const ok = of.filter((r) => r.status === 'succeeded');
      const durations = ok.map((r) => r.durationMs ?? 0);
      const stepMeanMs: Partial<Record<FirewallDeployStep, number>> = {};
      for (const step of FIREWALL_DEPLOY_STEPS) {
        const ms = ok.flatMap((r) => r.steps.filter((s) => s.step === step).map((s) => s.ms));
        if (ms.length) stepMeanMs[step] = Math.round(ms.reduce((a, b) => a + b, 0) / ms.length);
      }
      return {
        authMethod,
        deployments: of.length,
        succeeded: ok.length,
        successRate: of.length ? ok.length / of.length : 0,
        meanMs: durations.length
          ? Math.round(durations.reduce((a, b) => a + b, 0) / durations.length)
          : null,
        maxMs: durations.length ? Math.max(...durations) : null,
        stepMeanMs,
      };
    })
    .filter((m) => m.deployments > 0);
}

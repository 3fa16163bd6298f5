import type { JobDto } from '@multpanel/contracts';
import type { JobRow } from './jobs.repository';

export interface JobNames {
  guests: Map<string, string>;
  companies: Map<string, string>;
  users: Map<string, string>;
  clusters: Map<string, string>;
}

export function toJobDto(
  r: JobRow,
  log?: Array<{ at: Date; line: string }>,
  names?: JobNames,
): JobDto {
  const dto: JobDto = {
    id: r.id,
    type: r.type,
    status: r.status,
    progress: r.progress,
    message: r.message,
    companyId: r.companyId,
    actorId: r.actorId,
    guestId: r.guestId,
    clusterId: r.clusterId,
    node: r.node,
    upid: r.upid,
    result: publicResult(r.result),
    error: r.error,
    createdAt: r.createdAt.toISOString(),
    startedAt: r.startedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
  };
  if (log) dto.log = log.map((l) => ({ at: l.at.toISOString(), line: l.line }));
  if (names) {
    const name = (map: Map<string, string>, id: string | null) =>
      id ? (map.get(id) ?? null) : null;
    dto.guestName = name(names.guests, r.guestId);
    dto.companyName = name(names.companies, r.companyId);
    dto.actorName = name(names.users, r.actorId);
    dto.clusterName = name(names.clusters, r.clusterId);
  }
  return dto;
}

// Worker checkpoints (`state`) are internal; everything else in result is for the client.
function publicResult(result: unknown): unknown {
  if (!result || typeof result !== 'object' || Array.isArray(result)) return result ?? null;
  const { state: _state, ...rest } = result as Record<string, unknown>;
  return Object.keys(rest).length ? rest : null;
}

import type { JobDto } from '@multpanel/contracts';
import type { JobRow } from './jobs.repository';

export function toJobDto(r: JobRow, log?: Array<{ at: Date; line: string }>): JobDto {
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
  return dto;
}

// Worker checkpoints (`state`) are internal; everything else in result is for the client.
function publicResult(result: unknown): unknown {
  if (!result || typeof result !== 'object' || Array.isArray(result)) return result ?? null;
  const { state: _state, ...rest } = result as Record<string, unknown>;
  return Object.keys(rest).length ? rest : null;
}

import { parseExpression } from 'cron-parser';

/** Why a cron expression or time zone is refused, or null when both are usable. */
export function cronProblem(cron: string, timezone: string): string | null {
  if (!validTimeZone(timezone)) return `Unknown time zone "${timezone}"`;
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5)
    return 'A cron expression has five fields: minute hour day-of-month month day-of-week';
  try {
    parseExpression(cron, { tz: timezone }).next();
    return null;
  } catch (err) {
    return `Invalid cron expression: ${(err as Error).message}`;
  }
}

export function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The next `count` run times strictly after `after`. Assumes `cronProblem` found nothing. */
export function nextRuns(cron: string, timezone: string, after: Date, count: number): Date[] {
  const it = parseExpression(cron, { tz: timezone, currentDate: after });
  const out: Date[] = [];
  for (let i = 0; i < count; i++) out.push(it.next().toDate());
  return out;
}

export function nextRun(cron: string, timezone: string, after: Date): Date {
  return nextRuns(cron, timezone, after, 1)[0];
}

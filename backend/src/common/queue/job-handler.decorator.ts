import { SetMetadata } from '@nestjs/common';
import type { JobName } from '@multpanel/contracts';

export const JOB_HANDLER_KEY = 'mp:job-handler';

/** Marks a processor method as the handler for one job name (discovered by JobRegistry). */
export const HandlesJob = (name: JobName) => SetMetadata(JOB_HANDLER_KEY, name);

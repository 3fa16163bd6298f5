import { Histogram, type Registry } from 'prom-client';

/**
 * The API's request durations by route pattern (`/api/vms/:id`, never the ids themselves, so the
 * series stay few), method and status class. Each API process keeps its own; Prometheus scrapes each.
 */
export class HttpMetrics {
  readonly duration: Histogram<'method' | 'route' | 'status'>;

  constructor(registry: Registry) {
    this.duration = new Histogram({
      name: 'multpanel_http_request_duration_seconds',
      help: 'API request duration by route pattern, method and status class',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
  }

  observe(method: string, route: string | undefined, statusCode: number, seconds: number): void {
    this.duration.observe(
      { method, route: route ?? 'unmatched', status: `${Math.floor(statusCode / 100)}xx` },
      seconds,
    );
  }
}

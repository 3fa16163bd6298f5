import { cpuUsage } from 'node:process';

/**
 * Wall and process CPU time per phase of a long operation, for one log line (planning a
 * 10,000-guest backup run). CPU is the whole process's, so it includes other requests served meanwhile.
 */
export class PhaseTimer {
  private readonly phases: Array<{ name: string; wallMs: number; cpuMs: number }> = [];
  private wall = performance.now();
  private cpu = cpuUsage();

  mark(name: string): void {
    const wall = performance.now();
    const cpu = cpuUsage(this.cpu);
    this.phases.push({
      name,
      wallMs: wall - this.wall,
      cpuMs: (cpu.user + cpu.system) / 1000,
    });
    this.wall = wall;
    this.cpu = cpuUsage();
  }

  toString(): string {
    return this.phases
      .map((p) => `${p.name} ${Math.round(p.wallMs)} ms (CPU ${Math.round(p.cpuMs)} ms)`)
      .join(', ');
  }
}

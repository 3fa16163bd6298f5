// Progress of one run: steps and log lines to the run's files (the truth, read after a page reload) and,
// live, to the API's events channel in Redis (`<prefix>:events`, type system.update, super_admin only).
import { MiniRedis } from './redis.mjs';

export const UPDATE_EVENT = 'system.update';

export class Reporter {
  constructor(cfg, state, run, { echo = true } = {}) {
    this.cfg = cfg;
    this.state = state;
    this.run = run;
    this.echo = echo;
    this.seq = state.readLog(run.id).reduce((m, e) => Math.max(m, e.seq), 0);
    this.redis = null;
    this.current = null;
  }

  async open() {
    try {
      this.redis = await new MiniRedis(this.cfg.redisUrl).connect();
    } catch (err) {
      this.redis = null;
      this.log(`live progress unavailable (Redis: ${err.message}); the log is still kept`);
    }
  }

  publish(payload) {
    if (!this.redis) return;
    const event = {
      type: UPDATE_EVENT,
      companyId: null,
      payload: { runId: this.run.id, ...payload },
    };
    this.redis
      .command(['PUBLISH', `${this.cfg.redisPrefix}:events`, JSON.stringify(event)])
      .catch(() => undefined);
  }

  log(line, step = this.current) {
    const entry = { seq: ++this.seq, at: new Date().toISOString(), step, line: String(line) };
    this.state.appendLog(this.run.id, entry);
    this.publish({ kind: 'log', entry });
    if (this.echo) process.stdout.write(`[${entry.at.slice(11, 19)}] ${entry.line}\n`);
  }

  save() {
    this.state.writeRun(this.run);
    this.publish({ kind: 'run', run: this.run });
  }

  /** Runs one named step: recorded as running, then succeeded or failed (the error is rethrown). */
  async step(name, fn) {
    const rec = { name, status: 'running', startedAt: new Date().toISOString() };
    this.run.steps.push(rec);
    this.current = name;
    this.save();
    const t0 = Date.now();
    try {
      const result = await fn();
      Object.assign(rec, { status: 'succeeded', durationMs: Date.now() - t0 });
      return result;
    } catch (err) {
      Object.assign(rec, { status: 'failed', durationMs: Date.now() - t0, error: err.message });
      this.log(`✗ ${name}: ${err.message}`);
      throw err;
    } finally {
      rec.finishedAt = new Date().toISOString();
      this.save();
    }
  }

  skip(name, reason) {
    this.run.steps.push({ name, status: 'skipped', reason, startedAt: new Date().toISOString() });
    this.log(`${name}: ${reason}`, name);
    this.save();
  }

  async finish(status, error) {
    this.current = null;
    this.run.status = status;
    this.run.finishedAt = new Date().toISOString();
    this.run.durationMs = Date.parse(this.run.finishedAt) - Date.parse(this.run.startedAt);
    if (error) this.run.error = error.message ?? String(error);
    this.log(
      `${status} in ${(this.run.durationMs / 1000).toFixed(1)} s${error ? `: ${this.run.error}` : ''}`,
    );
    this.save();
    // Let the last messages leave before the process ends.
    await this.redis?.command(['PING']).catch(() => undefined);
    this.redis?.close();
  }
}

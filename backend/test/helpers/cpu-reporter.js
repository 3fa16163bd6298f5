// A jest reporter that measures the CPU each test file costs beside its wall time: the user + system time
// of jest's process tree (jest, its workers and what the suites start: workers, simulators, sshd,
// vcsim…) and, apart, of the database and Redis servers (shared with whatever else runs on the machine,
// so only indicative). Written as JSON to the file named by JEST_CPU_REPORT after every file; nothing
// when unset. Exact per file when jest runs in band (`--maxWorkers=1`); with parallel workers (what
// `npm test` runs: BACKEND_WORKERS) a file's figure also holds what ran beside it. Linux only (scripts/lib/proc-cpu.cjs).
const fs = require('node:fs');
const path = require('node:path');
const { cpuSample } = require(path.join(__dirname, '../../../scripts/lib/proc-cpu.cjs'));

const sample = () => cpuSample();
const round = (x) => Math.round(x * 100) / 100;

class CpuReporter {
  constructor() {
    this.file = process.env.JEST_CPU_REPORT;
    this.started = new Map();
    this.rows = [];
  }

  onRunStart() {
    if (this.file) this.runStart = { at: Date.now(), ...sample() };
  }

  onTestFileStart(test) {
    if (this.file) this.started.set(test.path, { at: Date.now(), ...sample() });
  }

  onTestFileResult(test, result) {
    const s = this.file && this.started.get(test.path);
    if (!s) return;
    const now = sample();
    this.rows.push({
      file: test.path,
      wallS: round((Date.now() - s.at) / 1000),
      cpuS: round(now.tree - s.tree),
      serversCpuS: round(now.servers - s.servers),
      tests: result.numPassingTests + result.numFailingTests,
    });
    // Written after every file, so that a run cut short still tells where its time went.
    this.write(now);
  }

  onRunComplete() {
    if (this.file && this.runStart) this.write(sample());
  }

  write(now) {
    const report = {
      wallS: round((Date.now() - this.runStart.at) / 1000),
      cpuS: round(now.tree - this.runStart.tree),
      serversCpuS: round(now.servers - this.runStart.servers),
      files: this.rows,
    };
    fs.writeFileSync(this.file, JSON.stringify(report, null, 1));
  }
}

module.exports = CpuReporter;

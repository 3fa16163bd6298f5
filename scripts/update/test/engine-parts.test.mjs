// The update engine's pure parts: version order, changelog sections, the run state on disk.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { parseChangelog, sectionsBetween } from '../lib/changelog.mjs';
import { compareVersions, isPrerelease, parseVersion } from '../lib/semver.mjs';
import { StateDir } from '../lib/state.mjs';

test('versions compare as semver, pre-releases below their release', () => {
  const sorted = [
    '1.10.0',
    '1.2.0',
    '1.2.0-rc.1',
    '1.2.0-beta.2',
    '1.2.0-beta.10',
    '0.9.9',
    'v2.0.0',
  ].sort(compareVersions);
  assert.deepEqual(sorted, [
    '0.9.9',
    '1.2.0-beta.2',
    '1.2.0-beta.10',
    '1.2.0-rc.1',
    '1.2.0',
    '1.10.0',
    'v2.0.0',
  ]);
  assert.equal(isPrerelease('v1.0.0-rc.1'), true);
  assert.equal(isPrerelease('v1.0.0'), false);
  assert.equal(parseVersion('latest'), null);
  assert.throws(() => compareVersions('1.0.0', 'main'), /not a version/);
});

test('changelog sections between the running and the chosen version', () => {
  const text = [
    '# Changelog',
    '## Unreleased',
    '- not yet',
    '## [1.3.0] - 2026-12-01',
    '- three',
    '## v1.2.0 — 2026-11-01',
    '- two',
    '## 1.1.0',
    '- one',
  ].join('\n');
  assert.deepEqual(
    parseChangelog(text).map((s) => s.version),
    ['1.3.0', '1.2.0', '1.1.0'],
  );
  const between = sectionsBetween(text, '1.1.0', '1.3.0');
  assert.deepEqual(
    between.map((s) => [s.version, s.body]),
    [
      ['1.3.0', '- three'],
      ['1.2.0', '- two'],
    ],
  );
  assert.deepEqual(sectionsBetween(text, '1.3.0', '1.3.0'), []);
});

test('one run at a time; a lock whose engine died is released and its run marked failed', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-state-'));
  try {
    const state = new StateDir(dir).ensure();
    const run = {
      id: state.newRunId(),
      status: 'running',
      startedAt: new Date().toISOString(),
      steps: [],
    };
    state.writeRun(run);
    assert.equal(state.tryLock(run.id, process.pid), true);
    assert.equal(
      state.tryLock('other', process.pid),
      false,
      'refused while held by a live process',
    );
    state.moveLock(run.id, 2 ** 22 + 12345); // no such process
    assert.equal(state.activeRun(), null);
    assert.equal(state.readRun(run.id).status, 'failed');
    assert.equal(state.tryLock('next', process.pid), true);
    state.appendLog(run.id, { seq: 1, line: 'a' });
    state.appendLog(run.id, { seq: 2, line: 'b' });
    assert.deepEqual(
      state.readLog(run.id, 1).map((e) => e.line),
      ['b'],
    );
    assert.throws(() => state.runFile('../etc/passwd'), /bad run id/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

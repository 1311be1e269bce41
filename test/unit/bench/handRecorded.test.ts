import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { HAND_RECORDED_MARKER, withHandRecorded } from '../../../bench/report';

describe('bench RESULTS.md: npm run bench rewrites the generated part and keeps what was recorded by hand', () => {
  const generated = '# Benchmark results\n\n| B1 | figure | 1.0 |\n';

  it('keeps everything from the marker on, and replaces what was above it', () => {
    const previous = `# Benchmark results\n\n| B1 | figure | 2.0 |\n\n${HAND_RECORDED_MARKER}\n\n## S1 by hand\n\nS1 98.7 %\n`;
    const next = withHandRecorded(generated, previous);
    assert.ok(next.startsWith(generated.trimEnd()), 'the new figures first');
    assert.ok(!next.includes('| 2.0 |'), 'the old generated figures are gone');
    assert.ok(next.endsWith(`${HAND_RECORDED_MARKER}\n\n## S1 by hand\n\nS1 98.7 %\n`), next);
  });

  it('writes only the generated part when there is no previous file or no marker in it', () => {
    assert.equal(withHandRecorded(generated, undefined), generated);
    assert.equal(withHandRecorded(generated, '# Benchmark results\n\nold\n'), generated);
  });

  it('the checked-in RESULTS.md carries the marker, so its hand-recorded sections survive the next run', () => {
    const results = readFileSync(path.join(__dirname, '../../../bench/RESULTS.md'), 'utf8');
    const at = results.indexOf(HAND_RECORDED_MARKER);
    assert.ok(at > 0, 'marker present');
    assert.match(results.slice(at), /## S1[\s\S]*## D1/);
  });
});

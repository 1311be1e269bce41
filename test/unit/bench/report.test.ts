import { strict as assert } from 'node:assert';
import { figure, figureLine, missedTargets, retiredGoal, runStandalone, verdict } from '../../../bench/report';

describe('bench report: what decides the exit status of npm run bench', () => {
  it('fails only figures that miss a current target; a retired goal and a reported figure never fail', () => {
    const missed = figure('B1', 'wall time / quota floor', '1.20', '<= 1.10', false);
    const met = figure('B4', 'bundle size', '1.40 MB', '< 1.50 MB', true);
    const retired = figure('B2', 'overhead p50', '1.2 ms', retiredGoal('<= 1 ms'), undefined);
    const reported = figure('B4', 'activation loads', '0.05 MB', '(reported)', undefined);
    assert.deepEqual(missedTargets([missed, met, retired, reported]), [missed]);
    assert.deepEqual(missedTargets([met, retired, reported]), []);
    assert.equal(verdict(retired), 'info');
    assert.match(retired.target, /<= 1 ms.*retired/);
  });
});

describe('bench report: a bench file run by itself', () => {
  it('prints a figure as one line: target when it has one, then its note', () => {
    assert.equal(figureLine(figure('B1', 'wall time', '1.20', '<= 1.10', false, 'slow machine')), 'B1 wall time: 1.20 (target <= 1.10) — slow machine');
    assert.equal(figureLine(figure('H1', 'slowest read', '40 ms', '', undefined)), 'H1 slowest read: 40 ms');
  });

  it('measures nothing when the file was only imported (npm run bench imports every one)', async () => {
    let measured = false;
    runStandalone({} as NodeModule, () => {
      measured = true;
      return { figures: [], details: [] };
    });
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(measured, false);
  });
});

import { strict as assert } from 'node:assert';
import { figure, missedTargets, retiredGoal, verdict } from '../../../bench/report';

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

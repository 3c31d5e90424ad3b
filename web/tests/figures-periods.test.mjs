// The figures page's periods (Beijing calendar) and spreadsheet rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { presetRange, figureRows } from '../src/pages/figures/periods.js';

test('presets follow the Beijing calendar, not UTC', () => {
  // 2026-03-31 20:00 UTC is already 1 April in Beijing: the second quarter.
  const now = Date.UTC(2026, 2, 31, 20, 0);
  assert.deepEqual(presetRange('month', now), ['2026-04-01', '2026-04-30']);
  assert.deepEqual(presetRange('quarter', now), ['2026-04-01', '2026-06-30']);
  assert.deepEqual(presetRange('year', now), ['2026-01-01', '2026-12-31']);
  // February of a leap year, and the last quarter.
  assert.deepEqual(presetRange('month', Date.UTC(2028, 1, 10)), ['2028-02-01', '2028-02-29']);
  assert.deepEqual(presetRange('quarter', Date.UTC(2026, 10, 23)), ['2026-10-01', '2026-12-31']);
  assert.throws(() => presetRange('week'));
});

test('figure rows list every figure and breakdown, in order', () => {
  const rows = figureRows({
    raised: 7, by_source: { resident: 5, member: 2 }, accepted: 3, merged: 1, transferred: 1,
    rejected: 2, by_reject_reason: { petition: 2 }, approved: 0, avg_days_to_screen: 1.25,
  }, (kind, key) => `${kind}:${key}`);
  assert.deepEqual(rows, [
    ['total:raised', 7], ['source:resident', 5], ['source:member', 2], ['total:accepted', 3],
    ['total:merged', 1], ['total:transferred', 1], ['total:rejected', 2], ['rejectReason:petition', 2],
    ['total:approved', 0], ['total:avgDaysToScreen', '1.3'],
  ]);
  const none = figureRows({ raised: 0, avg_days_to_screen: null }, (k, key) => key);
  assert.deepEqual(none.at(-1), ['avgDaysToScreen', '']);
});

test('the plan list starts at the highest unit where the user works', async () => {
  const { highestUnit } = await import('../src/pages/plans/scope.js');
  const roles = [
    { role: 'member', unit_id: 1, unit_path: '/1/' },
    { role: 'staff', unit_id: 9, unit_path: '/1/2/3/9/' },
    { role: 'leader', unit_id: 3, unit_path: '/1/2/3/' },
  ];
  assert.equal(highestUnit(roles, ['staff', 'leader']), 3);
  assert.equal(highestUnit(roles, ['staff']), 9);
  assert.equal(highestUnit(roles, ['admin']), null);
  assert.equal(highestUnit(undefined, ['staff']), null);
});

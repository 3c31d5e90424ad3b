// Days in Beijing time for the audit log's date filters, and the readable
// comparison of an audit row's before and after summaries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summaryDiff } from '../src/utils/diff.js';
import { shanghaiDayStart, shanghaiDayEnd } from '../src/utils/days.js';

test('a day starts at midnight in Beijing, whatever the machine\'s zone', () => {
  assert.equal(shanghaiDayStart('2026-03-15'), Date.parse('2026-03-14T16:00:00Z'));
  assert.equal(shanghaiDayEnd('2026-03-15'), Date.parse('2026-03-15T16:00:00Z'));
  assert.equal(shanghaiDayStart('2026-01-01'), Date.parse('2025-12-31T16:00:00Z'));
  assert.equal(shanghaiDayStart(''), null);
  assert.equal(shanghaiDayStart('15/03/2026'), null);
  assert.equal(shanghaiDayEnd(null), null);
});

test('the diff lists changed fields first and marks them', () => {
  const d = summaryDiff({ id: 5, name: '甲镇', path: '/1/5/' }, { id: 5, name: '乙镇', path: '/1/5/' });
  assert.deepEqual(d.map((r) => [r.key, r.changed]), [['name', true], ['id', false], ['path', false]]);
  assert.equal(d[0].before, '甲镇');
  assert.equal(d[0].after, '乙镇');
});

test('a creation has no before; a removal no after; plain values are shown too', () => {
  assert.deepEqual(summaryDiff(null, { name: '新' }), [{ key: 'name', before: undefined, after: '新', changed: true }]);
  assert.deepEqual(summaryDiff({ name: '旧' }, null), [{ key: 'name', before: '旧', after: undefined, changed: true }]);
  assert.deepEqual(summaryDiff('x', 'y'), [{ key: 'value', before: 'x', after: 'y', changed: true }]);
  assert.deepEqual(summaryDiff(null, null), []);
  const nested = summaryDiff({ roles: ['a'] }, { roles: ['a'] });
  assert.equal(nested[0].changed, false, 'nested values compare by content');
});

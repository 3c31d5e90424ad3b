// How the plan pages read a plan: its vote (as GET /plans/{id} gives it,
// or in the flat columns), what the caller may do, how many topics it has.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planVote, planCan, planItemCount, planReason } from '../src/pages/plans/plan.js';

const NOW = Date.UTC(2026, 5, 1);

test('the vote: none, open, ended by time, closed by staff', () => {
  assert.equal(planVote({ vote: null }, NOW), null);
  const open = planVote({ vote: { mode: 'rank', max: 3, opens_at: 1, closes_at: NOW + 1000, status: 'open' } }, NOW);
  assert.deepEqual([open.mode, open.max, open.closed, open.open], ['rank', 3, false, true]);
  assert.equal(planVote({ vote: { mode: 'vote', max: 2, closes_at: NOW + 1000, status: 'ended' } }, NOW).closed, true);
  // Without a status, the closing time decides.
  assert.equal(planVote({ vote_mode: 'vote', vote_max: 2, vote_closes_at: NOW - 1 }, NOW).closed, true);
  assert.equal(planVote({ vote_mode: 'vote', vote_max: 2, vote_closes_at: NOW + 1 }, NOW).closed, false);
});

test('what the caller may do comes from the plan\'s permissions when it has them', () => {
  const plan = { state: 'draft', items: [{ id: 1 }, { id: 2 }], vote: null,
    permissions: { edit: true, submit: true, approve: false, return: false, vote_open: true, vote_close: false } };
  assert.deepEqual(planCan(plan, null), { edit: true, approve: false, sendBack: false, submit: true, voteOpen: true, voteClose: false });
  const leader = { roles: ['leader'] };
  const submitted = { state: 'submitted', items: 2, vote: null };
  assert.deepEqual(planCan(submitted, leader), { edit: false, approve: true, sendBack: true, submit: false, voteOpen: false, voteClose: false });
  assert.equal(planCan({ state: 'submitted', permissions: { approve: false, return: false } }, leader).approve, false);
});

test('item counts and reasons', () => {
  assert.equal(planItemCount({ item_count: 3 }), 3);
  assert.equal(planItemCount({ items: [{}, {}] }), 2);
  assert.equal(planItemCount({ items: 4 }), 4);
  assert.equal(planItemCount(null), 0);
  assert.equal(planReason({ decision_reason: '请补充' }), '请补充');
  assert.equal(planReason({}), '');
});

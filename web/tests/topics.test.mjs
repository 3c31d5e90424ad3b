// The rules the resident's topic pages share (src/utils/topics.js): which
// files may be attached, when similar topics are looked up, how a ballot's
// choices and order change, what reason a topic shows, where a
// notification leads and how a plan's vote settings are read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkAttachment, charCount, wantsSimilar, debounce, toggleChoice, moveChoice,
  latestReason, historyNewestFirst, notificationLink, voteInfo, resultRows,
} from '../src/utils/topics.js';

const MB = 1024 * 1024;

test('photos and PDFs up to 10 MB may be attached; anything else is named in the message', () => {
  assert.equal(checkAttachment({ name: 'a.jpg', type: 'image/jpeg', size: 3 * MB }), null);
  assert.equal(checkAttachment({ name: 'a.webp', type: 'image/webp', size: 10 * MB }), null);
  assert.equal(checkAttachment({ name: 'a.pdf', type: 'application/pdf', size: 1 }), null);
  assert.deepEqual(checkAttachment({ name: 'x.exe', type: 'application/x-msdownload', size: 10 }),
    { key: 'topicNew.fileType', params: { name: 'x.exe' } });
  assert.deepEqual(checkAttachment({ name: 'big.png', type: 'image/png', size: 10 * MB + 1 }),
    { key: 'topicNew.fileSize', params: { name: 'big.png', mb: 10 } });
  assert.equal(checkAttachment({ name: 'noext', type: '', size: 1 }).key, 'topicNew.fileType');
});

test('similar topics are looked up from four characters, Chinese counted as people count them', () => {
  assert.equal(charCount(' 加装电梯 '), 4);
  assert.equal(wantsSimilar('加装电'), false);
  assert.equal(wantsSimilar('加装电梯'), true);
  assert.equal(wantsSimilar('park'), true);
  assert.equal(wantsSimilar('   '), false);
  assert.equal(wantsSimilar(undefined), false);
});

test('debounce calls once with the last arguments, and cancel forgets the call', async () => {
  const seen = [];
  const f = debounce((x) => seen.push(x), 20);
  f('老'); f('老旧'); f('老旧小区');
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(seen, ['老旧小区']);
  f('again');
  f.cancel();
  await new Promise((r) => setTimeout(r, 40));
  assert.deepEqual(seen, ['老旧小区']);
});

test('a vote ticks up to max topics and unticks any', () => {
  let c = [];
  c = toggleChoice(c, 1, 2);
  c = toggleChoice(c, 2, 2);
  assert.deepEqual(c, [1, 2]);
  assert.deepEqual(toggleChoice(c, 3, 2), [1, 2], 'a third tick past max is refused');
  assert.deepEqual(toggleChoice(c, 1, 2), [2]);
});

test('a ranking moves up and down with buttons and stays put at either end', () => {
  assert.deepEqual(moveChoice([1, 2, 3], 2, -1), [1, 3, 2]);
  assert.deepEqual(moveChoice([1, 2, 3], 0, 1), [2, 1, 3]);
  const c = [1, 2, 3];
  assert.equal(moveChoice(c, 0, -1), c);
  assert.equal(moveChoice(c, 2, 1), c);
  assert.equal(moveChoice(c, 5, -1), c);
});

test('the reason shown is the latest state change\'s, whatever order the history comes in', () => {
  const topic = {
    reason: 'topic reason',
    history: [
      { at: 3, kind: 'reply', reason: '' },
      { at: 2, kind: 'state', from_state: 'reviewing', to_state: 'rejected', reason: '属于信访事项，请到信访部门' },
      { at: 1, kind: 'state', from_state: 'submitted', to_state: 'reviewing', reason: 'looking' },
    ],
  };
  assert.equal(latestReason(topic), '属于信访事项，请到信访部门');
  assert.deepEqual(historyNewestFirst({ history: [...topic.history].reverse() }).map((h) => h.at), [3, 2, 1]);
  // Raised and submitted in the same millisecond: submitted is the newer.
  const same = { history: [{ at: 5, kind: 'raise' }, { at: 5, kind: 'submit' }, { at: 9, kind: 'accept' }] };
  assert.deepEqual(historyNewestFirst(same).map((h) => h.kind), ['accept', 'submit', 'raise']);
  assert.equal(latestReason({ reason: 'only this', history: [] }), 'only this');
  assert.equal(latestReason({}), '');
});

test('a notification leads to its topic or plan', () => {
  assert.equal(notificationLink({ object_type: 'topic', object_id: 7 }), '/topics/7');
  assert.equal(notificationLink({ object_type: 'plan', object_id: 3 }), '/plans/3/vote');
  assert.equal(notificationLink({ object_type: 'x', object_id: 3, params: { topic_id: 9 } }), '/topics/9');
  assert.equal(notificationLink({ object_type: 'x', object_id: 3, params: {} }), null);
});

test('a plan\'s vote: open or ended as the API says, else by the clock; my ballot means voted', () => {
  const now = 1_000_000;
  const vote = { mode: 'rank', max: 3, opens_at: now - 10, closes_at: now + 10, status: 'open' };
  assert.deepEqual(voteInfo({ vote, my_ballot: [], permissions: { ballot: true } }, now),
    { mode: 'rank', max: 3, opensAt: now - 10, closesAt: now + 10, open: true, closed: false, voted: false, mayVote: true });
  const ended = voteInfo({ vote: { ...vote, status: 'ended' } }, now);
  assert.equal(ended.closed, true);
  assert.equal(ended.open, false);
  assert.equal(ended.mayVote, false);
  const mine = voteInfo({ vote, my_ballot: [{ topic_id: 1, place: 1 }], permissions: { ballot: false } }, now);
  assert.equal(mine.voted, true);
  assert.equal(mine.mayVote, false);
  assert.equal(voteInfo({ vote, my_ballot: [], permissions: { ballot: false } }, now).mayVote, false,
    'someone outside the plan\'s area may not vote');
  const noStatus = { mode: 'vote', max: 2, opens_at: now - 10, closes_at: now - 1 };
  assert.equal(voteInfo({ vote: noStatus }, now).closed, true);
  assert.equal(voteInfo({ vote: { ...noStatus, closes_at: now + 1 } }, now).open, true);
  assert.deepEqual(voteInfo({ vote: null }, now),
    { mode: null, max: 1, opensAt: null, closesAt: null, open: false, closed: false, voted: false, mayVote: false });
});

test('results are charted highest first', () => {
  const rows = resultRows({ items: [{ topic_id: 1, score: 2 }, { topic_id: 2, score: 9 }, { topic_id: 3, score: 5 }] });
  assert.deepEqual(rows.map((r) => r.topic_id), [2, 3, 1]);
  assert.deepEqual(resultRows(null), []);
});

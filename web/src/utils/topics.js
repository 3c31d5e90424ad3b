// Small rules the resident's topic pages share, kept free of Vue so that
// web/tests can check them: which files may be attached, when to look for
// similar topics, how a ballot's choices and ranking change, and how a
// notification reads.

// What POST /topics/{id}/attachments accepts (the server checks the bytes
// too); checked in the browser first so the message comes before upload.
export const ATTACHMENT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'];
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
export const ATTACHMENT_MAX_FILES = 6;

// null when the file may be attached, else { key, params } naming the
// message to show (topicNew.fileType / topicNew.fileSize).
export function checkAttachment(file) {
  if (!ATTACHMENT_TYPES.includes(file.type)) return { key: 'topicNew.fileType', params: { name: file.name } };
  if (file.size > ATTACHMENT_MAX_BYTES) return { key: 'topicNew.fileSize', params: { name: file.name, mb: 10 } };
  return null;
}

// Characters as a person counts them (a Chinese character is one).
export function charCount(text) {
  return [...(text || '').trim()].length;
}

// Similar topics are looked up once the title has this many characters.
export const SIMILAR_MIN_CHARS = 4;
export const SIMILAR_DELAY_MS = 300;

export function wantsSimilar(title) {
  return charCount(title) >= SIMILAR_MIN_CHARS;
}

// fn called once, delay ms after the last call; .cancel() forgets a
// pending call.
export function debounce(fn, delay) {
  let timer = null;
  const wrapped = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => { timer = null; fn(...args); }, delay);
  };
  wrapped.cancel = () => { clearTimeout(timer); timer = null; };
  return wrapped;
}

// Vote mode: tick or untick id; at most max ticked (a tick past max is
// refused: the same list comes back).
export function toggleChoice(choices, id, max) {
  if (choices.includes(id)) return choices.filter((c) => c !== id);
  if (choices.length >= max) return choices;
  return [...choices, id];
}

// Rank mode: move the entry at index by delta (-1 up, +1 down); a move
// past either end changes nothing.
export function moveChoice(choices, index, delta) {
  const to = index + delta;
  if (index < 0 || index >= choices.length || to < 0 || to >= choices.length) return choices;
  const out = [...choices];
  [out[index], out[to]] = [out[to], out[index]];
  return out;
}

// A topic's history newest first. The API sends it oldest first (by time,
// then by the order written), so steps of the same millisecond — raised
// and submitted at once — keep their order, reversed.
export function historyNewestFirst(topic) {
  return (topic.history || []).map((h, i) => [h, i])
    .sort(([a, i], [b, j]) => (b.at || 0) - (a.at || 0) || j - i)
    .map(([h]) => h);
}

// The reason a topic is where it is: the reason of its latest state
// change in the history when there is one, else the topic's own.
export function latestReason(topic) {
  const change = historyNewestFirst(topic).find((h) => h.to_state && h.to_state !== h.from_state);
  return (change && change.reason) || topic.reason || '';
}

// Where a notification leads: the topic or plan it is about, or nowhere.
export function notificationLink(n) {
  if (n.object_type === 'topic' && n.object_id) return `/topics/${n.object_id}`;
  if (n.object_type === 'plan' && n.object_id) return `/plans/${n.object_id}/vote`;
  if (n.params && n.params.topic_id) return `/topics/${n.params.topic_id}`;
  return null;
}

// A plan's vote as the vote page needs it, from GET /plans/{id}: mode
// ('vote' or 'rank', null for no vote), max choices or places, when it
// opens and closes, whether it is open or closed now, whether I have
// voted (my_ballot holds my choices) and may vote. The API's "vote" is
// null or {mode, max, opens_at, closes_at, status: "open" | "ended"};
// without a status the times decide.
export function voteInfo(plan, now = Date.now()) {
  const v = plan.vote || {};
  const mode = v.mode ?? null;
  const max = Number(v.max ?? 1) || 1;
  const opensAt = v.opens_at ?? null;
  const closesAt = v.closes_at ?? null;
  let closed = false;
  let open = false;
  if (mode && v.status) {
    closed = v.status === 'ended';
    open = v.status === 'open';
  } else if (mode) {
    closed = closesAt != null && now >= closesAt;
    open = !closed && (opensAt == null || now >= opensAt);
  }
  const voted = Array.isArray(plan.my_ballot) && plan.my_ballot.length > 0;
  const mayVote = open && !voted && (plan.permissions ? plan.permissions.ballot !== false : true);
  return { mode, max, opensAt, closesAt, open, closed, voted, mayVote };
}

// Results rows ordered for a chart: highest score first.
export function resultRows(results) {
  return [...((results && results.items) || [])].sort((a, b) => (b.score ?? b.votes ?? 0) - (a.score ?? a.votes ?? 0));
}

// Reading a plan (GET /plans/{id}) the same way on every page: its vote
// settings, whether the vote is open, and what the caller may do.
// The server decides permissions (plan.permissions); where an answer
// lacks them, the plan's state and the user's roles give the same answer
// the permission table would (plan.edit: staff and administrators in
// draft or returned; plan.approve: leaders in submitted).
import { hasRole } from '../../stores/session.js';

export function planVote(plan, now = Date.now()) {
  const v = plan?.vote || {};
  const mode = v.mode ?? plan?.vote_mode ?? null;
  if (!mode) return null;
  const closesAt = v.closes_at ?? plan.vote_closes_at ?? null;
  const closedAt = v.closed_at ?? null;
  const outcome = v.outcome ?? plan.vote_outcome ?? null;
  const status = v.status ?? plan.vote_status ?? null;
  const closed = status ? status !== 'open'
    : !!(closedAt || outcome || v.closed || plan.vote_closed || (closesAt && closesAt <= now));
  return {
    mode, max: v.max ?? plan.vote_max ?? null, opensAt: v.opens_at ?? plan.vote_opens_at ?? null,
    closesAt, closed, open: v.open ?? !closed,
  };
}

export function planCan(plan, user) {
  const p = plan?.permissions || {};
  const editable = ['draft', 'returned'].includes(plan?.state);
  const edit = !!(p.edit ?? (editable && hasRole(user, ['staff', 'admin'])));
  const approve = !!(p.approve ?? (plan?.state === 'submitted' && hasRole(user, 'leader')));
  const vote = planVote(plan);
  const items = planItemCount(plan);
  return {
    edit,
    approve,
    sendBack: !!(p.return ?? approve),
    submit: !!(p.submit ?? (edit && items > 0 && !(vote && !vote.closed))),
    voteOpen: !!(p.vote_open ?? (edit && !vote && items >= 2)),
    voteClose: !!(p.vote_close ?? (edit && vote && !vote.closed)),
  };
}

export function planReason(plan) {
  return plan?.decision_reason || plan?.reason || '';
}

// How many topics a plan lists: a number in lists, the topics in detail.
export function planItemCount(plan) {
  if (typeof plan?.items === 'number') return plan.items;
  if (Array.isArray(plan?.items)) return plan.items.length;
  return plan?.item_count ?? 0;
}

// A readable comparison of an audit row's before and after summaries
// (JSON objects, either may be null): one row per top-level field, in a
// stable order (changed fields first), with whether it changed. Nested values are compared by
// their JSON text.
export function summaryDiff(before, after) {
  const b = isObject(before) ? before : before == null ? {} : { value: before };
  const a = isObject(after) ? after : after == null ? {} : { value: after };
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
  const rows = keys.map((key) => ({
    key,
    before: b[key],
    after: a[key],
    changed: JSON.stringify(b[key]) !== JSON.stringify(a[key]),
  }));
  // What changed first, then what stayed the same.
  return [...rows.filter((r) => r.changed), ...rows.filter((r) => !r.changed)];
}

function isObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

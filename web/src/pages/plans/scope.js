// The unit whose subtree a staff member or leader works in: the highest
// unit where they hold one of the given roles (GET /session lists roles
// with their units). The plan list needs it: without a unit it shows only
// public plans.
import { sessionApi } from '../../api/client.js';

export function highestUnit(roles, names) {
  const held = (roles || []).filter((r) => names.includes(r.role) && r.unit_path);
  held.sort((a, b) => a.unit_path.split('/').length - b.unit_path.split('/').length);
  return held.length ? held[0].unit_id : null;
}

export async function myScopeUnit(names = ['staff', 'leader', 'admin']) {
  try {
    return highestUnit((await sessionApi.current()).roles, names);
  } catch {
    return null;
  }
}

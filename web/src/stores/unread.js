// The count of my unread notifications, for the bell in the portal's
// header. Asked for when the page changes (not in a loop), at most once
// every MIN_INTERVAL_MS unless a page that changed it asks again.
import { ref } from 'vue';
import { notificationsApi } from '../api/client.js';
import { session } from './session.js';

const MIN_INTERVAL_MS = 15000;
export const unreadCount = ref(0);
let askedAt = 0;

export async function refreshUnread({ force = true } = {}) {
  if (!session.user) {
    unreadCount.value = 0;
    askedAt = 0;
    return;
  }
  const now = Date.now();
  if (!force && now - askedAt < MIN_INTERVAL_MS) return;
  askedAt = now;
  try {
    unreadCount.value = (await notificationsApi.unreadCount()) || 0;
  } catch {
    /* the bell keeps its last count; the page itself shows errors */
  }
}

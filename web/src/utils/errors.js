// The text to show for an error thrown by the API client: the server's own
// message (already translated by the server), else a catalogue message.
import { NETWORK_ERROR } from '../api/client.js';

export function errorMessage(err, t) {
  if (err && err.message) return err.message;
  if (err && err.code === NETWORK_ERROR) return t('error.network');
  return t('error.unexpected');
}

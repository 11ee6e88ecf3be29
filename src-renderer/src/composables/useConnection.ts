/** The state of the link to the backend, for the "connection lost" banner. */
import { ref } from 'vue';
import type { ConnectionState } from '../api/websocket-transport.js';

const state = ref<ConnectionState>('connecting');

export function useConnection() {
  return state;
}

/** The renderer's entry: connect to the backend, wire pushed events into the stores, mount. */
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import { z } from 'zod';
import { provideApi } from './api/api-instance.js';
import { connectBackend } from './api/backend.js';
import App from './App.vue';
import { useConnection } from './composables/useConnection.js';
import { useProjectStore } from './stores/projectStore.js';
import { useSweepStore } from './stores/sweepStore.js';
import './styles/theme.css';

// zod would otherwise probe `new Function` (its fast path), which the page's CSP forbids.
z.config({ jitless: true });

const backend = connectBackend();
provideApi(backend.api);

const connection = useConnection();
backend.onConnectionChange((state) => {
  connection.value = state;
});

const app = createApp(App);
app.use(createPinia());

const projects = useProjectStore();
const sweep = useSweepStore();
backend.api.onEvent((event) => {
  projects.applyEvent(event);
  sweep.applyEvent(event);
});
void projects.load();
void sweep.load();

app.mount('#app');

// Start the app: language first (so the first paint is in the right
// language and the server's errors match it), then router and mount.
import { createApp } from 'vue';
import App from './App.vue';
import { router } from './router/index.js';
import { i18n, initLocale } from './i18n/index.js';
import './styles.css';

initLocale();
createApp(App).use(i18n).use(router).mount('#app');

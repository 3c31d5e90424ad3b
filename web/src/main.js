// Start the app: language first (so the first paint is in the right
// language and the server's errors match it), then router and mount.
import { createApp } from 'vue';
import App from './App.vue';
import { router } from './router/index.js';
import { i18n, initLocale } from './i18n/index.js';
import { onUnauthorized } from './api/client.js';
import { forgetSession } from './stores/session.js';
import './styles.css';

initLocale();

// A session that ends while a page is open sends the user to log in, and
// back to the same page afterwards.
onUnauthorized(() => {
  forgetSession();
  const here = router.currentRoute.value;
  if (here.name !== 'login') router.push({ name: 'login', query: { redirect: here.fullPath } });
});
createApp(App).use(i18n).use(router).mount('#app');

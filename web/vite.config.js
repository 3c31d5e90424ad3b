// Vite builds the front end into dist/, which `xieshang serve --web-root`
// serves. Element Plus components and their styles are imported on demand
// (unplugin-vue-components / unplugin-auto-import), never the whole library.
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import AutoImport from 'unplugin-auto-import/vite';
import Components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';

export default defineConfig({
  plugins: [
    vue(),
    AutoImport({ resolvers: [ElementPlusResolver()], dts: false }),
    Components({ resolvers: [ElementPlusResolver()], dts: false }),
  ],
  // vue-i18n's compile-time flags: the Composition API only (no legacy
  // API, smaller bundle), no devtools hooks in production.
  define: {
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  build: {
    // WeChat's built-in browser on older Android phones is Chromium 86+.
    target: ['es2020', 'chrome86', 'safari14'],
    // scripts/size-check.mjs reads the manifest to find the portal's chunks.
    manifest: true,
    chunkSizeWarningLimit: 700,
  },
  server: {
    // `npm run dev` against a server started with `make run`.
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});

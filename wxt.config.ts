import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

// Permissions are the minimum the product uses: offscreen (mic + WebRTC live in an
// offscreen document), sidePanel, storage, activeTab + scripting (read the page the
// user clicked Hark on). api.openai.com is where ephemeral keys are minted.
export default defineConfig({
  imports: false,
  modules: ['@wxt-dev/webextension-polyfill'],
  manifest: {
    // Both from public/_locales/<lang>/messages.json: the store listing follows the browser's language.
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    minimum_chrome_version: '116',
    permissions: ['offscreen', 'storage', 'activeTab', 'scripting'],
    host_permissions: ['https://api.openai.com/*'],
    // Asked at runtime (from the side panel), only if the user wants Hark to follow tab switches.
    optional_host_permissions: ['<all_urls>'],
    action: { default_title: 'Hark: start or stop talking' },
    commands: {
      // `_execute_action` makes the shortcut behave exactly like a toolbar click
      // (same handler, same user gesture for sidePanel.open).
      _execute_action: {
        suggested_key: { default: 'Alt+Shift+H' },
        description: 'Start or stop talking with Hark',
      },
    },
    content_security_policy: {
      extension_pages: "script-src 'self'; object-src 'self'",
    },
  },
  vite: () => ({ plugins: [preact()] }),
});

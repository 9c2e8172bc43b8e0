import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

// Permissions are the minimum the product uses: offscreen (mic + WebRTC live in an
// offscreen document), sidePanel, storage, activeTab + scripting (read the page the
// user clicked Hark on). api.openai.com is where ephemeral keys are minted. unlimitedStorage:
// history is written as the conversation goes and must not hit storage.local's 10 MB quota.
export default defineConfig({
  imports: false,
  modules: ['@wxt-dev/webextension-polyfill'],
  manifest: {
    name: 'Hark',
    description: 'Talk with an AI assistant, in real time, about the page you are on.',
    minimum_chrome_version: '116',
    permissions: ['offscreen', 'storage', 'unlimitedStorage', 'activeTab', 'scripting'],
    host_permissions: ['https://api.openai.com/*'],
    // Asked at runtime (from the side panel), only if the user wants Hark to follow tab switches.
    optional_host_permissions: ['<all_urls>'],
    // Asked at runtime (options page), only by a team that uses "Sign in with your organisation" (docs/sso.md).
    optional_permissions: ['identity'],
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

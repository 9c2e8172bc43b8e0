import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { COMMAND_KEYS } from './lib/commands';
import { readFileSync } from 'node:fs';
import { markdownPage } from './lib/markdown';

// Permissions are the minimum the product uses: offscreen (Chromium: mic + WebRTC live in an
// offscreen document), sidePanel (added by WXT from the sidepanel entrypoint), storage,
// activeTab + scripting (read the page the user clicked Hark on). api.openai.com is where
// ephemeral keys are minted. unlimitedStorage: history is written as the conversation goes and
// must not hit storage.local's 10 MB quota.
//
// `--mode release` is a production build. WXT sets NODE_ENV to the mode's name, which Vite (and so
// the Preact preset) reads as "not production": JSX compiled for development, carrying this
// machine's source paths into the store packages. The zip test (tests/package) checks for them.
if (process.env.NODE_ENV === 'release') process.env.NODE_ENV = 'production';

// One manifest per browser (WXT calls this with the target): Firefox has no offscreen documents
// and no sidePanel; WXT turns the sidepanel entrypoint into `sidebar_action` there, and the
// microphone lives in the sidebar (entrypoints/background/platform-firefox.ts).
export default defineConfig({
  imports: false,
  modules: ['@wxt-dev/webextension-polyfill'],
  // Firefox supports MV3 (event page, `background.scripts`); WXT would build MV2 by default.
  manifestVersion: 3,
  manifest: ({ browser }) => ({
    // Both from public/_locales/<lang>/messages.json: the store listing follows the browser's language.
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    ...(browser === 'firefox' ? firefoxOnly : { minimum_chrome_version: '116' }),
    // contextMenus / Firefox's `menus`: "Talk about this with Hark" on a selection (docs/store-listing.md).
    permissions: [...(browser === 'firefox' ? ['menus'] : ['offscreen', 'contextMenus']), 'storage', 'unlimitedStorage', 'activeTab', 'scripting'],
    host_permissions: ['https://api.openai.com/*'],
    // Asked at runtime (from the side panel), only if the user wants Hark to follow tab switches.
    optional_host_permissions: ['<all_urls>'],
    // Asked at runtime (options page), only by a team that uses "Sign in with your organisation" (docs/sso.md).
    optional_permissions: ['identity'],
    // Pinned in Firefox's toolbar (MV3 buttons otherwise hide in the Extensions menu).
    action: { default_title: 'Hark: start or stop talking', ...(browser === 'firefox' ? { default_area: 'navbar' } : {}) },
    commands: {
      // `_execute_action` makes the shortcut behave exactly like a toolbar click
      // (same handler, same user gesture for sidePanel.open).
      _execute_action: {
        // Firefox on Linux also opens its Help menu on Alt+Shift+H (menu access key); K is free.
        suggested_key: { default: browser === 'firefox' ? 'Alt+Shift+K' : 'Alt+Shift+H' },
        description: 'Start or stop talking with Hark',
      },
      // Handled by the worker (entrypoints/background/commands.ts); keys chosen in lib/commands.ts.
      'toggle-mute': { suggested_key: { default: COMMAND_KEYS['toggle-mute'] }, description: '__MSG_command_toggleMute__' },
      interrupt: { suggested_key: { default: COMMAND_KEYS.interrupt }, description: '__MSG_command_interrupt__' },
    },
    content_security_policy: {
      extension_pages: "script-src 'self'; object-src 'self'",
    },
  }),
  // Test hooks (`harkDebug` in the worker and the offscreen document, read by the e2e suite and
  // the benchmarks over CDP) are compiled in unless this is a release build: `npm run zip` builds
  // with `--mode release`, where `if (import.meta.env.HARK_TEST_HOOKS)` is `if (false)` and the
  // bundler drops the block. `wxt build` (what `npm test` and the e2e suite load) keeps them.
  // `npm run zip`: store packages for Chrome, Edge and Firefox, and (with Firefox's) the sources
  // zip AMO reviewers rebuild from: what `npm ci && npm run zip` needs, nothing else — no tests,
  // server, benchmarks, docs or local artifacts (SOURCE_CODE_REVIEW.md says how to rebuild).
  // The privacy policy ships inside the extension as privacy.html (linked from the options and
  // welcome pages), generated from docs/privacy-policy.md at build time: one source, not two copies.
  hooks: {
    'build:publicAssets': (_wxt, files) => {
      files.push({ relativeDest: 'privacy.html', contents: markdownPage(readFileSync('docs/privacy-policy.md', 'utf8')) });
    },
  },
  zip: {
    // docs/privacy-policy.md: the source of privacy.html, so a reviewer's rebuild makes the same page.
    includeSources: ['.nvmrc', 'docs/privacy-policy.md'],
    excludeSources: ['tests/**', 'server/**', 'bench/**', 'scripts/**', 'docs/**', 'coverage/**', '**/*.log', 'biome.json', 'vitest.config.ts'],
  },
  vite: (env) => ({
    plugins: [preact()],
    define: { 'import.meta.env.HARK_TEST_HOOKS': JSON.stringify(env.mode !== 'release') },
  }),
});

/**
 * Firefox-only keys. gecko.id: an add-on needs a stable id (storage, the sidebar, AMO).
 * 128: the ESR with MV3 event pages, `storage.session` and `sidebarAction.open()` from a click.
 * data_collection_permissions (required for new AMO add-ons): what Hark sends, it sends to the
 * Realtime API the user configured — the microphone's audio, what the user types, and the text
 * of the page the conversation is about (docs/privacy-policy.md).
 */
const firefoxOnly = {
  browser_specific_settings: {
    gecko: {
      id: 'hark@hark.invalid',
      strict_min_version: '128.0',
      data_collection_permissions: { required: ['websiteContent', 'personalCommunications'] },
    },
  },
};

// @ts-check
// The store packages, as `npm run zip` makes them: each one a store would accept and a reviewer
// could rebuild. Runs the real zip (release mode), then reads every archive.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readZip } from './read-zip.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const OUT = path.join(ROOT, '.output');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const archive = (/** @type {string} */ kind) => path.join(OUT, `${pkg.name}-${pkg.version}-${kind}.zip`);

/**
 * Exactly what each package may ask for (README "Privacy", docs/store-listing.md justifies each).
 * A new permission fails here until it is justified there too.
 */
const CHROMIUM = {
  permissions: ['activeTab', 'contextMenus', 'offscreen', 'scripting', 'sidePanel', 'storage', 'unlimitedStorage'],
  host_permissions: ['https://api.openai.com/*'],
  optional_permissions: ['identity'],
  optional_host_permissions: ['<all_urls>'],
};
/** @type {Record<string, typeof CHROMIUM>} */
const EXPECTED = {
  chrome: CHROMIUM,
  edge: CHROMIUM,
  // Firefox's row follows the Firefox add-on's manifest (wxt.config.ts, per browser): MV3 with a
  // sidebar, so no offscreen document and no sidePanel.
  firefox: {
    permissions: ['activeTab', 'menus', 'scripting', 'storage', 'unlimitedStorage'],
    host_permissions: ['https://api.openai.com/*'],
    optional_permissions: ['identity'],
    optional_host_permissions: ['<all_urls>'],
  },
};

/** Text that must never ship: keys, private keys, this machine's paths. */
const SECRETS = [
  /sk-(proj-)?[A-Za-z0-9_-]{20,}/,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /AKIA[0-9A-Z]{16}/,
  /(?:\/(?:home|root|Users|work|tmp)\/|[A-Z]:\\\\Users\\\\)[\w.-]+[\\/]+(?:entrypoints|lib|components|node_modules)\b/,
];
const isText = (/** @type {string} */ name) => /\.(js|mjs|html|css|json|txt|md)$/.test(name);

/** @type {Record<string, Map<string, Buffer>>} */
const zips = {};

before(() => {
  // No stale archive may pass for a fresh one.
  for (const kind of ['chrome', 'edge', 'firefox', 'sources']) fs.rmSync(archive(kind), { force: true });
  execFileSync('npm', ['run', 'zip'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  for (const kind of ['chrome', 'edge', 'firefox', 'sources']) {
    assert.ok(fs.existsSync(archive(kind)), `npm run zip made ${path.basename(archive(kind))}`);
    zips[kind] = readZip(archive(kind));
  }
});

/** @param {Record<string, unknown>} manifest */
const permissionsOf = (manifest) =>
  Object.fromEntries(
    Object.keys(CHROMIUM).map((k) => [k, [.../** @type {string[]} */ (manifest[k] ?? [])].sort()]),
  );

/** Every file the manifest names, so a package cannot point at something it does not contain. */
function filesNamed(manifest) {
  return [
    manifest.background?.service_worker,
    ...(manifest.background?.scripts ?? []),
    manifest.side_panel?.default_path,
    manifest.sidebar_action?.default_panel,
    manifest.options_ui?.page,
    ...Object.values(manifest.icons ?? {}),
  ].filter(Boolean);
}

for (const browser of ['chrome', 'edge', 'firefox']) {
  describe(`${browser} package`, () => {
    it('has a valid manifest with package.json’s version and every file it names', () => {
      const files = zips[browser];
      const raw = files.get('manifest.json');
      assert.ok(raw, 'manifest.json at the root of the archive');
      const manifest = JSON.parse(raw.toString('utf8'));
      assert.ok([2, 3].includes(manifest.manifest_version), `manifest_version ${manifest.manifest_version}`);
      if (browser !== 'firefox') assert.equal(manifest.manifest_version, 3, 'Chrome and Edge stores take MV3 only');
      // Name and description come from _locales (the listing follows the browser's language):
      // every shipped language must have both, the description within the stores' 132 characters.
      assert.equal(manifest.name, '__MSG_extName__');
      assert.equal(manifest.version, pkg.version);
      const locales = [...files.keys()].filter((f) => /^_locales\/[^/]+\/messages\.json$/.test(f));
      assert.ok(locales.includes(`_locales/${manifest.default_locale}/messages.json`), 'the default locale is shipped');
      for (const f of locales) {
        const messages = JSON.parse(/** @type {Buffer} */ (files.get(f)).toString('utf8'));
        assert.ok(messages.extName?.message, `${f}: extName`);
        const description = messages.extDescription?.message ?? '';
        assert.ok(description && description.length <= 132, `${f}: a store description of at most 132 characters`);
      }
      assert.equal(JSON.parse(/** @type {Buffer} */ (files.get('_locales/en/messages.json')).toString('utf8')).extName.message, 'Hark');
      for (const f of filesNamed(manifest)) assert.ok(files.has(f), `${f} (named in the manifest) is in the archive`);
    });

    it('asks for exactly the expected permissions', () => {
      const manifest = JSON.parse(/** @type {Buffer} */ (zips[browser].get('manifest.json')).toString('utf8'));
      assert.deepEqual(permissionsOf(manifest), EXPECTED[browser]);
    });

    it('has each permission justified in docs/store-listing.md', () => {
      const listing = fs.readFileSync(path.join(ROOT, 'docs/store-listing.md'), 'utf8');
      const manifest = JSON.parse(/** @type {Buffer} */ (zips[browser].get('manifest.json')).toString('utf8'));
      for (const p of Object.values(permissionsOf(manifest)).flat()) {
        if (browser === 'firefox' && p.startsWith('https://')) continue; // MV2 host entries: AMO review notes
        assert.ok(listing.includes(`\`${p}\``), `${p} has a row in docs/store-listing.md`);
      }
    });

    it('ships no test hooks, source maps or secrets', () => {
      const names = [...zips[browser].keys()];
      assert.ok(names.some((n) => n.endsWith('.js')), 'the archive has scripts');
      assert.deepEqual(names.filter((n) => /\.map$|(^|\/)\.env|\.pem$|\.key$/.test(n)), []);
      for (const [name, data] of zips[browser]) {
        if (!isText(name)) continue;
        const text = data.toString('utf8');
        assert.ok(!text.includes('harkDebug'), `${name}: test hooks compiled out of the release build`);
        assert.ok(!text.includes('sourceMappingURL'), `${name}: no source map reference`);
        for (const secret of SECRETS) assert.doesNotMatch(text, secret, `${name}: ${secret}`);
      }
    });
  });
}

describe('sources package (for AMO review)', () => {
  it('has what a rebuild needs, and the build steps', () => {
    const names = [...zips.sources.keys()];
    for (const f of ['package.json', 'package-lock.json', 'wxt.config.ts', 'tsconfig.json', 'README.md', 'SOURCE_CODE_REVIEW.md', '.nvmrc']) {
      assert.ok(zips.sources.has(f), `${f} in the sources zip`);
    }
    for (const dir of ['entrypoints/', 'lib/', 'components/', 'public/']) assert.ok(names.some((n) => n.startsWith(dir)), `${dir} in the sources zip`);
    const review = /** @type {Buffer} */ (zips.sources.get('SOURCE_CODE_REVIEW.md')).toString('utf8');
    assert.match(review, /npm ci/);
    assert.match(review, /npm run zip/);
    assert.equal(JSON.parse(/** @type {Buffer} */ (zips.sources.get('package.json')).toString('utf8')).version, pkg.version);
    // The hooks exist in the sources: their absence from the packages is the release build's doing.
    assert.ok(names.some((n) => n.startsWith('entrypoints/') && /** @type {Buffer} */ (zips.sources.get(n)).includes('harkDebug')));
  });

  it('has no dependencies, build output, tests or local artifacts', () => {
    const unwanted = [...zips.sources.keys()].filter((n) =>
      /^(node_modules|\.output|\.wxt|tests|coverage|bench|server|\.git)\/|(^|\/)node_modules\/|\.log$|(^|\/)\.env/.test(n),
    );
    assert.deepEqual(unwanted, []);
    for (const [name, data] of zips.sources) {
      if (isText(name)) for (const secret of SECRETS.slice(0, 3)) assert.doesNotMatch(data.toString('utf8'), secret, name);
    }
  });
});

describe('sources package rebuilds the Firefox add-on', () => {
  /** @type {string} */ let dir;
  after(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

  it('wxt build -b firefox --mode release from the sources gives the same files as the Firefox package', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hark-sources-'));
    for (const [name, data] of zips.sources) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), data);
    }
    // The reviewer's `npm ci`, without the download: the same locked packages, linked.
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    execFileSync(path.join(ROOT, 'node_modules/.bin/wxt'), ['build', '-b', 'firefox', '--mode', 'release'], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const built = fs.readdirSync(path.join(dir, '.output')).find((d) => /^firefox-mv\d-release$/.test(d));
    assert.ok(built, 'the rebuild wrote .output/firefox-mv*-release');
    const rebuilt = fs.readdirSync(path.join(dir, '.output', built), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.relative(path.join(dir, '.output', built), path.join(e.parentPath, e.name)).split(path.sep).join('/'))
      .sort();
    assert.deepEqual(rebuilt, [...zips.firefox.keys()].sort());
    for (const name of rebuilt) {
      assert.ok(fs.readFileSync(path.join(dir, '.output', built, name)).equals(/** @type {Buffer} */ (zips.firefox.get(name))), `${name} is identical`);
    }
  });
});

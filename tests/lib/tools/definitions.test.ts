import { describe, expect, it } from 'vitest';
import { TOOL_DEFINITIONS, toolDefinitions } from '@/lib/tools/definitions';
import { parseArgs } from '@/lib/tools/args';
import { TOOL_NAMES } from '@/lib/tools/names';
import { screenAllowedFor, toolEnabled, withToolDefaults } from '@/lib/tools/settings';
import { withDefaults } from '@/lib/settings';

describe('tool definitions', () => {
  it('declare every tool as a function with an object schema whose required names exist', () => {
    expect(TOOL_DEFINITIONS.map((d) => d.name)).toEqual([...TOOL_NAMES]);
    for (const d of TOOL_DEFINITIONS) {
      expect(d.type).toBe('function');
      expect(d.description.length).toBeGreaterThan(30);
      const p = d.parameters as { type: string; properties: Record<string, unknown>; required: string[]; additionalProperties: boolean };
      expect(p.type).toBe('object');
      expect(p.additionalProperties).toBe(false);
      for (const r of p.required) expect(p.properties).toHaveProperty(r);
    }
  });

  it('leave out switched-off tools; the screen capture is off by default', () => {
    expect(toolDefinitions().map((d) => d.name)).not.toContain('look_at_screen');
    expect(toolDefinitions({ enabled: { look_at_screen: true, go_back: false }, screenSites: [] }).map((d) => d.name)).toContain('look_at_screen');
    expect(toolDefinitions({ enabled: { go_back: false }, screenSites: [] }).map((d) => d.name)).not.toContain('go_back');
    expect(toolEnabled(undefined, 'find_on_page')).toBe(true);
  });
});

describe('argument checks', () => {
  it('accept well-formed arguments and trim strings', () => {
    expect(parseArgs('find_on_page', '{"query":"  defrost "}')).toEqual({ ok: true, args: { query: 'defrost' } });
    expect(parseArgs('open_link', '{"link_id":"l3","new_tab":true}')).toEqual({ ok: true, args: { link_id: 'l3', new_tab: true } });
    expect(parseArgs('go_back', '')).toEqual({ ok: true, args: {} });
  });
  it('refuse wrong types, unknown keys, missing and oversized values', () => {
    expect(parseArgs('open_link', '{"link_id":3}')).toMatchObject({ ok: false });
    expect(parseArgs('open_link', '{"link_id":"l1","new_tab":"yes"}')).toMatchObject({ ok: false });
    expect(parseArgs('go_back', '{"url":"https://evil.example"}')).toMatchObject({ ok: false });
    expect(parseArgs('highlight', '{}')).toMatchObject({ ok: false });
    expect(parseArgs('find_on_page', JSON.stringify({ query: 'x'.repeat(201) }))).toMatchObject({ ok: false });
    expect(parseArgs('find_on_page', '[1]')).toMatchObject({ ok: false });
    expect(parseArgs('find_on_page', '{"__proto__":{"query":"x"}}')).toMatchObject({ ok: false });
  });
});

describe('tool settings', () => {
  it('are filled in from defaults and cleaned', () => {
    expect(withDefaults({}).tools).toEqual({ enabled: {}, screenSites: [] });
    const s = withToolDefaults({ enabled: { look_at_screen: true, nope: true } as never, screenSites: ['a.example', 3 as never] });
    expect(s).toEqual({ enabled: { look_at_screen: true }, screenSites: ['a.example'] });
    expect(screenAllowedFor(s, 'https://www.a.example/chart')).toBe(true);
    expect(screenAllowedFor(s, 'https://b.example/')).toBe(false);
    expect(screenAllowedFor(s, 'not a url')).toBe(false);
  });
});

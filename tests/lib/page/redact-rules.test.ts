import { describe, expect, it } from 'vitest';
import { findRedactions, redact, redactAll } from '@/lib/page/redact';
import { foldForMatching, originalRange } from '@/lib/page/redact/normalize';
import { CORPUS } from './redaction-corpus';

describe('folding: rules see NFKC, the model reads the original', () => {
  it('folds full-width forms, digits of other scripts, dash look-alikes, and drops invisible characters', () => {
    expect(foldForMatching('ｊａｎｅ＠ｅｘａｍｐｌｅ．ｃｏｍ').text).toBe('jane@example.com');
    expect(foldForMatching('٠١٢٣٤٥٦٧٨٩ ०१२३४५६७८९ ๐๑๒๓๔๕๖๗๘๙').text).toBe('0123456789 0123456789 0123456789');
    expect(foldForMatching('415–555−0132').text).toBe('415-555-0132');
    expect(foldForMatching('41\u200b11\u2060 \ufeff11').text).toBe('4111 11');
  });

  it('maps a folded range back to the characters it came from', () => {
    const f = foldForMatching('x ４\u200b１ y');
    expect(f.text).toBe('x 41 y');
    expect(originalRange(f, 2, 4)).toEqual([2, 5]); // from "４" to the end of "１", the zero-width space inside
    expect(foldForMatching('plain ascii').from).toBeNull();
  });

  it('replaces only the secret and keeps the rest as written (not its NFKC form)', () => {
    // NFKC would print "10²" as "102" and the full-width prose in half-width.
    expect(redact('面積１０²ｍ、電話：０３－１２３４－５６７８です。').text).toBe('面積１０²ｍ、電話：[phone]です。');
    expect(redact('Reach ｊａｎｅ＠ｅｘａｍｐｌｅ．ｃｏｍ ½ day').text).toBe('Reach [email] ½ day');
  });

  it('swallows zero-width characters inside a secret, leaving no part of it', () => {
    const r = redact('card 4111\u200b1111\u200b1111\u200b1111, mail jane\u200b.doe@exam\u200dple.com');
    expect(r.text).toBe('card [card], mail [email]');
  });

  it('reads Arabic-Indic digits as digits', () => {
    expect(redact('هاتف: +٩٧١ ٤ ١٢٣ ٤٥٦٧').text).toBe('هاتف: [phone]');
  });
});

describe('URLs stay readable', () => {
  it("redacts the page address's secrets in redactAll's url field", () => {
    const r = redactAll({
      title: 'Reset your password',
      url: 'https://example.com/reset?token=9c1f0e7a5b3d2c4e&lang=en#access_token=ya29abc123',
    });
    expect(r.fields.url).toBe('https://example.com/reset?token=[secret]&lang=en#access_token=[secret]');
    expect(r.fields.title).toBe('Reset your password');
    expect(r.counts.secret).toBe(2);
  });

  it('replaces user:pass but keeps scheme, host and path', () => {
    expect(redact('https://ann:Secr3t@git.example.com/repo.git').text).toBe('https://[secret]@git.example.com/repo.git');
  });

  it('leaves documentation placeholders and harmless parameters', () => {
    for (const u of ['https://api.example.com/v1?api_key=YOUR_API_KEY', 'https://example.com/?token={token}', 'https://example.com/?state=CA&code=US']) {
      expect(redact(u).text).toBe(u);
    }
  });

  it('treats a long OAuth state as secret and a short one as data', () => {
    expect(redact('https://id.example.com/cb?state=af0ifjsldkj8x3Vn2mQ7pR1s').text).toBe('https://id.example.com/cb?state=[secret]');
  });
});

describe('decisions', () => {
  it('leaves Stripe publishable keys: they are public in every checkout page', () => {
    expect(redact('pk_live_51HxYzAbCdEfGhIjKlMnOp').text).toBe('pk_live_51HxYzAbCdEfGhIjKlMnOp');
  });

  it('needs a digit in tokens whose prefix also starts ordinary names', () => {
    for (const t of ['sk-learn-is-a-python-library-for-ml', 'npm_config_registry_and_cache_dir_x', 'hf_transformers_pipeline_default_cache']) {
      expect(redact(`see ${t}`).text).toBe(`see ${t}`);
    }
  });

  it('keeps labels and redacts only what follows', () => {
    expect(redact('Passwort: Sommer2024! und PIN 4921.').text).toBe('Passwort: [secret] und PIN [secret].');
  });
});

describe('invariants over the corpus', () => {
  it('spans are ordered, disjoint, and each becomes exactly one counted placeholder', () => {
    for (const c of CORPUS) {
      const spans = findRedactions(c.text);
      for (let i = 1; i < spans.length; i++) expect(spans[i]!.start).toBeGreaterThanOrEqual(spans[i - 1]!.end);
      const r = redact(c.text);
      const placeholders = r.text.match(/\[(?:secret|email|iban|card|phone)\]/g)?.length ?? 0;
      expect(placeholders - (c.text.match(/\[(?:secret|email|iban|card|phone)\]/g)?.length ?? 0), c.text).toBe(
        Object.values(r.counts).reduce((a, b) => a + b, 0),
      );
    }
  });
});

describe('adversarial input finishes (linear rules)', () => {
  // Shapes that make backtracking regexes explode: long runs that almost match. Times are printed
  // for the report, not asserted (the machine may be busy).
  const cases: [string, string][] = [
    ['100k digits', '1'.repeat(100_000)],
    ['digits and spaces', '4 '.repeat(50_000)],
    ['a@ x50k', 'a@'.repeat(50_000)],
    ['a. x50k', 'a.'.repeat(50_000)],
    ['a- x50k', 'a-'.repeat(50_000)],
    ['"+" and 100k digits', '+' + '1'.repeat(100_000)],
    ['x at x dot', 'x at x dot '.repeat(10_000)],
    ['password: x10k', 'password: '.repeat(10_000)],
    ['PEM header x5k', '-----BEGIN PRIVATE KEY-----'.repeat(5_000)],
    ['URL with 20k params', 'https://x.example/?' + 'token=a&'.repeat(20_000)],
    ['eyJ. x10k', 'eyJ.'.repeat(10_000)],
    ['Bearer x20k', 'Bearer '.repeat(20_000)],
    ['key: x20k', 'key: '.repeat(20_000)],
    ['cookie=sid=… x10k', 'cookie=sid='.repeat(10_000)],
    ['/reset/ path x10k', 'https://x.example' + '/reset/abcdefghijklmnop'.repeat(10_000)],
    ['123456 is your x10k', '123456 is your '.repeat(10_000)],
    ['full-width digits', '４'.repeat(100_000)],
  ];
  it.each(cases)('%s', (name, input) => {
    const started = performance.now();
    const r = redact(input);
    console.log(`[redaction] adversarial ${name}: ${(performance.now() - started).toFixed(0)} ms for ${input.length} chars`);
    // None of these is personal data; a secret-looking run may be replaced but nothing may be lost.
    expect(r.text.replace(/\[(?:secret|email|iban|card|phone)\]/g, '').length).toBeLessThanOrEqual(input.length);
    if (!/PEM/.test(name)) expect(r.text).toBe(input);
  });
});

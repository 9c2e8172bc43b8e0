import { describe, expect, it } from 'vitest';
import { ibanValid, luhnValid, redact, redactAll } from '@/lib/page/redact';

/** Asserts `input` redacts to exactly one `[kind]` placeholder and nothing else of it survives. */
function expectRedacted(input: string, kind: string, secretPart: string) {
  const r = redact(`Before ${input} after.`);
  expect(r.text, input).toContain(`[${kind}]`);
  expect(r.text, input).not.toContain(secretPart);
  expect(r.counts[kind as keyof typeof r.counts], input).toBe(1);
}

function expectUntouched(input: string) {
  const r = redact(input);
  expect(r.text, input).toBe(input);
  expect(Object.values(r.counts).reduce((a, b) => a + b, 0), input).toBe(0);
}

describe('redact: e-mail addresses', () => {
  it.each(['alice@example.com', 'bob.smith+news@mail.co.uk', 'x_y-z@sub.domain.example.org'])('%s', (e) =>
    expectRedacted(e, 'email', e.split('@')[0]!),
  );
  // "user at example dot com" used to be left alone; the options page promises written-out
  // addresses are replaced too, so it is now redacted (see redaction-corpus.test.ts).
  it('redacts a written-out address', () => expectRedacted('user at example dot com', 'email', 'example'));
  it.each(['logo@2x.png', 'follow @hark on social', 'npm i @mozilla/readability'])(
    'leaves %s',
    expectUntouched,
  );
});

describe('redact: phone numbers', () => {
  it.each([
    ['+44 20 7946 0958', '7946'],
    ['+1 (555) 123-4567', '123-4567'],
    ['+49 30 12345678', '12345678'],
    ['+33 6 12 34 56 78', '34 56'],
    ['0049 30 1234567', '1234567'],
    ['(555) 201-4567', '201-4567'],
    ['555-201-4567', '201-4567'],
    ['1-800-555-0199', '555-0199'],
    ['030 12345678', '12345678'],
    ['089/1234567', '1234567'],
    ['020 7946 0958', '7946'],
    ['07700 900123', '900123'],
    ['01 23 45 67 89', '45 67'],
    ['Tel: 5551234567', '5551234567'],
  ])('%s', (p, part) => expectRedacted(p, 'phone', part));

  it.each([
    'Published 2024-03-12, updated 15.01.2024 and 03/12/2024.',
    'Meeting on 12.03.2024 14:30, open 10.00–19.00 Uhr, from 09.30-10.45.',
    'Between 1999 and 2024, in 2020–2024 and 2019-2023.',
    'Version 1.2.3, v10.15.7, Chrome 120.0.6099.109, Node 20.12.2.',
    'Server at 192.168.100.200 and 10.0.0.1.',
    'Costs $1,299.99 or 1.299,00 € or € 12.500 or £0.99.',
    'Order #100234987, order 2024-000123, ticket 0012345678901.',
    'ISBN 978-3-16-148410-0 and ISBN 0-306-40615-2.',
    'Reference 1234567890123456, tracking 9400111899223344556677.',
    'Grew by +10.5% to 5 000 000 users; 3 + 4 = 7.',
  ])('leaves "%s"', expectUntouched);
});

describe('redact: payment cards (Luhn-checked)', () => {
  it.each([
    '4111 1111 1111 1111',
    '4111-1111-1111-1111',
    '4111111111111111',
    '5555 5555 5555 4444',
    '3782 822463 10005',
    '6011 1111 1111 1117',
    '4222222222222',
  ])('%s', (c) => expectRedacted(c, 'card', c.slice(-4)));

  it.each(['4111 1111 1111 1112', 'Order 4000-1234-5678-9011', '4000123456789010', 'ISBN 9783161484100'])(
    'leaves non-Luhn or non-card %s',
    expectUntouched,
  );

  it('implements Luhn', () => {
    expect(luhnValid('79927398713')).toBe(true);
    expect(luhnValid('79927398710')).toBe(false);
    expect(luhnValid('')).toBe(false);
  });
});

describe('redact: IBANs (mod-97 checked)', () => {
  it.each(['DE89 3704 0044 0532 0130 00', 'GB82WEST12345698765432', 'FR14 2004 1010 0505 0001 3M02 606', 'NL91ABNA0417164300'])(
    '%s',
    (i) => expectRedacted(i, 'iban', i.slice(-5)),
  );

  it('keeps a following upper-case word out of the IBAN', () => {
    expect(redact('Pay to DE89 3704 0044 0532 0130 00 BIC COBADEFFXXX').text).toBe('Pay to [iban] BIC COBADEFFXXX');
  });

  it('leaves a wrong checksum and look-alike codes', () => {
    expect(redact('DE89 3704 0044 0532 0130 01').text).not.toContain('[iban]');
    expectUntouched('Part AB12CDEFGHIJKLMNOP in stock');
    expect(ibanValid('DE89370400440532013000')).toBe(true);
    expect(ibanValid('DE00370400440532013000')).toBe(false);
  });
});

describe('redact: API keys, tokens and secrets', () => {
  it.each([
    ['OpenAI', 'sk-abcdefghijklmnopqrstuvwxyz0123456789ABCD'],
    ['OpenAI project', 'sk-proj-4fGh7Jk9LmNoPqRs2TuVwXyZ0aBcDeF1_x-y'],
    ['Stripe', 'sk_live_51HxYzAbCdEfGhIjKlMnOp'],
    ['GitHub classic', 'ghp_1234567890abcdefghijABCDEFGHIJ123456'],
    ['GitHub fine-grained', 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz'],
    ['Slack', 'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx'],
    ['AWS', 'AKIAIOSFODNN7EXAMPLE'],
    ['Google', 'AIzaSyA1234567890abcdefghijklmnopqrstuv'],
    ['JWT', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'],
  ])('%s', (_name, token) => expectRedacted(token, 'secret', token.slice(6, 20)));

  it('keeps the word "Bearer" and the key names', () => {
    expect(redact('Authorization: Bearer abc123def456ghi789jkl').text).toBe('Authorization: Bearer [secret]');
    expect(redact('api_key=3f9a1c0d8e7b6a5f4e3d2c1b0a9f8e7d&page=2').text).toBe('api_key=[secret]&page=2');
    expect(redact('"client_secret": "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5"').text).toBe('"client_secret": "[secret]"');
    expect(redact('password=hunter2').text).toBe('password=[secret]');
    expect(redact('Password: c0rrect-horse!').text).toBe('Password: [secret]');
    expect(redact('TOKEN = a1b2c3d4e5f6a7b8c9d0.').text).toBe('TOKEN = [secret].');
  });

  it('redacts private key blocks', () => {
    const pem = '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA1234\nabcd\n-----END RSA PRIVATE KEY-----';
    expect(redact(`key:\n${pem}\ndone`).text).toBe('key:\n[secret]\ndone');
  });

  it.each([
    'The token: expired yesterday.',
    'The key is on the table; key: value pairs are fine.',
    'Password: forgot it? Reset it here.',
    'Secret: the garden is behind the house.',
    'Ask-me-anything with sk-ski and task-runner.',
    'Bearer of bad news.',
    'Set api_key=YOUR_API_KEY before running.',
    'Keyboard shortcuts: token-based auth is described below.',
  ])('leaves "%s"', expectUntouched);
});

describe('redact: mixed text', () => {
  it('counts every kind and keeps the prose', () => {
    const r = redact(
      'Hi, I am Ann (ann@example.com, +44 20 7946 0958). Card 4111 1111 1111 1111, IBAN GB82 WEST 1234 5698 7654 32, key ghp_1234567890abcdefghijABCDEFGHIJ123456. Released 2024-03-12, v2.1.0, costs $19.99.',
    );
    expect(r.text).toBe(
      'Hi, I am Ann ([email], [phone]). Card [card], IBAN [iban], key [secret]. Released 2024-03-12, v2.1.0, costs $19.99.',
    );
    expect(r.counts).toEqual({ secret: 1, email: 1, iban: 1, card: 1, phone: 1 });
  });

  it('tallies several fields at once', () => {
    const r = redactAll({ a: 'x@example.com', b: 'y@example.com and 4111111111111111' });
    expect(r.fields).toEqual({ a: '[email]', b: '[email] and [card]' });
    expect(r.counts.email).toBe(2);
    expect(r.counts.card).toBe(1);
  });
});

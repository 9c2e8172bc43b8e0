/**
 * Secrets announced by a label: "password: hunter2", "Passwort: …", "mot de passe : …",
 * "パスワード：…", "Your PIN is 4921", "CVV 123", "OTP: 093817". The label stays; the value goes.
 */
import { groupStart, scan, type Span } from './spans';

const PASSWORD_WORDS = [
  'passwords?', 'pw', 'pass', 'passwd', 'pwd', 'passwort', 'kennwort', 'mot de passe', 'contrase[ñn]a', 'senha', 'clave',
  'wachtwoord', 'has[łl]o', 'heslo', 'l[öo]senord', 'passord', 'adgangskode', 'salasana', '[şs]ifre', 'parola',
  'пароль', 'パスワード', '暗証番号', '密码', '密碼', '비밀번호',
].join('|');

const CODE_WORDS = [
  'pin(?:[ -]?code)?', 'code pin', 'c[oó]digo pin', 'geheimzahl', 'passcode', 'otp', 'one[ -]time (?:pass)?code',
  'verification code', 'security code', 'c[oó]digo de (?:verificaci[oó]n|seguridad)', 'code de (?:v[ée]rification|s[ée]curit[ée])',
  'best[äa]tigungscode', 'sicherheitscode', '(?:login|sign[ -]in|access|auth(?:entication)?|backup|recovery|confirmation) code',
  'm?tan', 'puk', 'cvv2?', 'cvc2?', 'cvn', '2fa code', '認証コード', '验证码',
].join('|');

/** Latin and Cyrillic letters: a label must not be the middle of a longer word ("passwordless"). */
const LETTER = String.raw`A-Za-z0-9_\u00C0-\u024F\u0400-\u04FF`;
/** ":", "=", a dash, or a verb: "is", "ist", "lautet", "est", "es", "é". Quotes around the value are fine. */
const SEP = String.raw`(?:["']?\s*(?:[:：=]|=>)\s*|\s+[-–—]\s+|\s+(?:is|ist|lautet|est|es|é)\s*:?\s*)["'“«]?`;

const PASSWORD = new RegExp(
  String.raw`(?<![${LETTER}])(${PASSWORD_WORDS})(${SEP})([^\s"'“”«»<>]{1,64})`,
  'giu',
);
const PASSPHRASE = new RegExp(String.raw`(?<![${LETTER}])(passphrase)(${SEP})([^\n.;,"'”»<>]{1,100})`, 'giu');
/** Codes are digits (OTPs may mix in letters); a space is enough after the label ("PIN 1234"). */
const CODE = new RegExp(
  String.raw`(?<![${LETTER}])(${CODE_WORDS})(${SEP}|\s+)(\d{3,8}(?:[ -]\d{3,8})?|(?=[A-Z0-9]{6,8}\b)[A-Z]*\d[A-Z0-9]*)(?![${LETTER}])`,
  'giu',
);
/** The code first, as text messages put it: "739104 is your verification code", "Enter 739104 as your code". */
const CODE_FIRST = new RegExp(
  String.raw`(?<![${LETTER}])((?:enter|use|type)\s+)?(\d{4,8}|G-\d{6})(\s+(?:is|as)\s+(?:your|the)\s+(?:[\p{L}-]+\s+){0,3}(?:code|otp|pin|passcode|password))(?![${LETTER}])`,
  'giu',
);

/** "********", "•••", "xxx": already hidden. */
const MASKED = /^[*•·●xX.]+$/;
/** A sentence's closing punctuation is not part of the password. */
const trailing = (v: string) => v.replace(/[.,;:)\]]+$/, '');

/** Labels that are also everyday words ("Day pass: $20"): only a value with letters and digits counts. */
const AMBIGUOUS_LABEL = /^(?:pass|pw)$/i;

function passwordValue(label: string, sep: string, raw: string): string | null {
  const v = trailing(raw);
  if (!v || MASKED.test(v)) return null;
  if (AMBIGUOUS_LABEL.test(label) && !(v.length >= 6 && /\d/.test(v) && /\p{L}/u.test(v))) return null;
  // "Password: 8 characters minimum" — a two-digit number is a rule, not a password.
  if (/^\d{1,2}$/.test(v)) return null;
  // A bare word after "Password:" is usually a form label ("Password: forgot it?", "Passwort vergessen");
  // assignments and quoted values are real ("password=hunter", "password is 'sesame'").
  const assigned = /=|["'“«]/.test(sep);
  return assigned || /[^\p{L}]/u.test(v) ? v : null;
}

const groupSpan = (m: RegExpExecArray, g: number, value: string): [number, number] => {
  const s = groupStart(m, g);
  return [s, s + value.length];
};

export function findLabelled(text: string): Span[] {
  return [
    ...scan(PASSWORD, text, 'secret', (m) => {
      const v = passwordValue(m[1]!, m[2]!, m[3]!);
      return v ? groupSpan(m, 3, v) : null;
    }),
    ...scan(PASSPHRASE, text, 'secret', (m) => groupSpan(m, 3, m[3]!.trimEnd())),
    ...scan(CODE, text, 'secret', (m) => groupSpan(m, 3, m[3]!)),
    ...scan(CODE_FIRST, text, 'secret', (m) => groupSpan(m, 2, m[2]!)),
  ];
}

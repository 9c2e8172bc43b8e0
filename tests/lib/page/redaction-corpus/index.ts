import type { Case } from './case';
import { EMAILS, PHONES } from './contact';
import { HOLDOUT_NEGATIVES, HOLDOUT_POSITIVES } from './holdout';
import { HOLDOUT2_NEGATIVES, HOLDOUT2_POSITIVES } from './holdout2';
import { HOLDOUT3 } from './holdout3';
import { CARDS, IBANS } from './finance';
import { NUMBERS } from './numbers';
import { PROSE } from './prose';
import { REVIEW } from './review';
import { LABELLED, TOKENS, URL_SECRETS } from './secrets';

/**
 * The redaction corpus: realistic strings, each labelled with what must be replaced. Written from
 * the forms data takes on real pages (not from the rules), about half of them negatives.
 */
export const CORPUS: Case[] = [
  ...EMAILS,
  ...PHONES,
  ...CARDS,
  ...IBANS,
  ...TOKENS,
  ...LABELLED,
  ...URL_SECRETS,
  ...NUMBERS,
  ...PROSE,
  ...HOLDOUT_POSITIVES,
  ...HOLDOUT_NEGATIVES,
  ...HOLDOUT2_POSITIVES,
  ...HOLDOUT2_NEGATIVES,
  ...HOLDOUT3,
  ...REVIEW,
];

/** The part written after the rules, scored separately too. */
export const HOLDOUT: Case[] = [...HOLDOUT_POSITIVES, ...HOLDOUT_NEGATIVES];
export const HOLDOUT2: Case[] = [...HOLDOUT2_POSITIVES, ...HOLDOUT2_NEGATIVES];
export { HOLDOUT3 };
export type { Case };

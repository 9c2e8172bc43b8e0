/** The user's answer to a confirmation, as the tool row names it ("Asked to open … — declined"). */
import { t } from '../i18n';
import type { ConfirmAnswer } from './confirm';

export function answerWord(a: ConfirmAnswer): string {
  return a === 'allowed' ? t('tools.answer.allowed') : a === 'denied' ? t('tools.answer.declined') : a === 'timed-out' ? t('tools.answer.noAnswer') : t('tools.answer.cancelled');
}

/**
 * Saves each conversation to history as it goes: whenever a message finishes (the offscreen
 * document checkpoints the transcript into the session record then) and once more when the
 * session ends. It watches the session record instead of hooking into the supervisor.
 *
 * A conversation's id comes from its first message, and that can move earlier while it runs (your
 * words are transcribed after the reply starts), so the id saved last is remembered and the old
 * entry replaced. A failed save (full disk) is reported in `historyProblemItem`; the side panel shows it.
 */
import { sessionRecordItem, type SessionRecord } from '@/lib/state/storage';
import { deleteConversation, fromTranscript, saveConversation } from '@/lib/history/store';
import { deletedConversationsItem, historyLiveIdItem as liveIdItem, historyProblemItem } from '@/lib/state/history';
import { historyProblemText, historyStep, running } from '@/lib/history/progress';
import { serial } from '@/lib/serial';
import { createLogger } from '@/lib/log';

const log = createLogger('sw');

const oneAtATime = serial();

export function recordProgress(rec: SessionRecord | null, previous: SessionRecord | null): Promise<void> {
  return oneAtATime(async () => {
    if (!running(rec) && !running(previous)) return;
    if (running(rec) && !running(previous)) await liveIdItem.setValue(null); // a new conversation
    if (historyStep(rec, previous) === 'save') await save(rec!);
    if (!running(rec)) await liveIdItem.setValue(null);
  });
}

async function save(rec: SessionRecord): Promise<void> {
  const conversation = rec.transcript && fromTranscript(rec.transcript, rec.page);
  if (!conversation) return;
  const [liveId, deleted] = await Promise.all([liveIdItem.getValue(), deletedConversationsItem.getValue()]);
  if (deleted.includes(conversation.id) || (liveId && deleted.includes(liveId))) return;
  try {
    await saveConversation(conversation);
    if (liveId && liveId !== conversation.id) await removeQuietly(liveId);
    await liveIdItem.setValue(conversation.id);
    await historyProblemItem.setValue(null);
  } catch (e) {
    log.warn('could not save the conversation to history', String(e));
    await historyProblemItem.setValue(historyProblemText(e)).catch(() => undefined);
  }
}

/** Replaces the entry saved under the conversation's previous id (not a user deletion: no tombstone). */
async function removeQuietly(id: string): Promise<void> {
  await deleteConversation(id);
  await deletedConversationsItem.setValue((await deletedConversationsItem.getValue()).filter((d) => d !== id));
}

export function startHistoryRecorder(): void {
  sessionRecordItem.watch((rec, previous) => void recordProgress(rec, previous));
}

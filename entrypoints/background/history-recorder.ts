/**
 * Saves each conversation to history as it goes: whenever a message finishes (the offscreen
 * document checkpoints the transcript into `session:transcript` then) and once more when the
 * session ends. It watches the stored session instead of hooking into the supervisor: the
 * transcript for checkpoints, the record only for a conversation beginning or ending.
 *
 * A conversation's id comes from its first message, and that can move earlier while it runs (your
 * words are transcribed after the reply starts), so the id saved last is remembered and the old
 * entry replaced. A failed save (full disk) is reported in `historyProblemItem`; the side panel shows it.
 */
import { sessionRecordItem, sessionSharedItem, sessionTranscriptItem } from '@/lib/state/storage';
import { deleteConversation, fromTranscript, saveConversation } from '@/lib/history/store';
import { deletedConversationsItem, historyLiveIdItem as liveIdItem, historyProblemItem } from '@/lib/state/history';
import { historyProblemText, historyStep, running, type Progress } from '@/lib/history/progress';
import { serial } from '@/lib/serial';
import { createLogger } from '@/lib/log';

const log = createLogger('sw');

const oneAtATime = serial();

export function recordProgress(rec: Progress | null, previous: Progress | null): Promise<void> {
  return oneAtATime(async () => {
    if (!running(rec) && !running(previous)) return;
    if (running(rec) && !running(previous)) await liveIdItem.setValue(null); // a new conversation
    if (historyStep(rec, previous) === 'save') await save(rec!);
    if (!running(rec)) await liveIdItem.setValue(null);
  });
}

async function save(rec: Progress): Promise<void> {
  // Only the title and address of the page are kept.
  const conversation = rec.transcript && fromTranscript(rec.transcript, (await sessionSharedItem.getValue()).page);
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
  // A conversation begins or ends (the state changes in between, e.g. activity, are no news here).
  // A stop stores the final transcript in the same write as the state, so it is read here.
  sessionRecordItem.watch((rec, old) => {
    if (running(rec) === running(old)) return;
    void sessionTranscriptItem.getValue().then((transcript) => recordProgress({ state: rec.state, transcript }, { state: old.state, transcript }));
  });
  // A checkpoint: saved while the conversation runs.
  sessionTranscriptItem.watch((transcript, old) => {
    void sessionRecordItem.getValue().then(({ state }) => recordProgress({ state, transcript }, { state, transcript: old }));
  });
}

/**
 * Saves each conversation to history when its session ends (stopped, failed, or capped). It
 * watches the session record instead of hooking into the supervisor: the record carries the
 * final transcript and the page once the session is no longer active.
 */
import { isActive } from '@/lib/session/machine';
import { sessionRecordItem, type SessionRecord } from '@/lib/state/storage';
import { fromTranscript, saveConversation } from '@/lib/history/store';

const running = (rec: SessionRecord | null) => !!rec && (isActive(rec.state) || rec.state.status === 'ending');

/** Saves on the change from running to ended only: a conversation the user deleted stays deleted. */
export async function recordIfEnded(rec: SessionRecord | null, previous: SessionRecord | null): Promise<void> {
  if (!rec?.transcript || running(rec) || !running(previous)) return;
  const conversation = fromTranscript(rec.transcript, rec.page);
  if (conversation) await saveConversation(conversation);
}

export function startHistoryRecorder(): void {
  sessionRecordItem.watch((rec, previous) => {
    recordIfEnded(rec, previous).catch((e) => console.warn('[hark] could not save the conversation to history', e));
  });
}

/**
 * The session supervisor's record store (lib/session/supervisor-deps.ts `RecordStore`) on the
 * three `session:` items of storage.ts. A step that changes several parts writes them in one
 * `storage.session.set`: one change event, and a worker stopped mid-step never keeps half of them.
 */
import { storage } from 'wxt/utils/storage';
import type { RecordStore, SessionParts } from '../session/supervisor-deps';
import { sessionRecordItem, sessionSharedItem, sessionTranscriptItem } from './storage';

/** The storage writes for `parts`: only the parts given (a transcript of `null` is one: "none"). */
export function partWrites({ record, shared, transcript }: Partial<SessionParts>) {
  return [
    ...(record ? [{ item: sessionRecordItem, value: record }] : []),
    ...(shared ? [{ item: sessionSharedItem, value: shared }] : []),
    ...(transcript !== undefined ? [{ item: sessionTranscriptItem, value: transcript }] : []),
  ];
}

export const sessionStore: RecordStore = {
  get: () => sessionRecordItem.getValue(),
  shared: () => sessionSharedItem.getValue(),
  transcript: () => sessionTranscriptItem.getValue(),
  async write(parts) {
    const writes = partWrites(parts);
    if (writes.length) await storage.setItems(writes);
  },
};

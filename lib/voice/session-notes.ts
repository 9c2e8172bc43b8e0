/**
 * The transcript lines a voice session adds for what the server reports beside the conversation:
 * replies that failed or were cut short and in-session errors (lib/realtime/server-problems.ts),
 * and a rate limit that is nearly used up, said before it bites (lib/realtime/rate-limits.ts).
 * One per session; it remembers which limits were already warned about and what a reply costs.
 */
import type { Note } from '../realtime/note';
import type { ServerEvent } from '../realtime/protocol';
import { NO_WARNINGS, watchRateLimits, type RateLimitWatch } from '../realtime/rate-limits';
import { noticeForEvent } from '../realtime/server-problems';
import { record } from '../realtime/shape';

export interface SessionNotes {
  /** The lines this event calls for (usually none), as notes the panel renders in its language. */
  observe(e: ServerEvent): Note[];
}

export function createSessionNotes(): SessionNotes {
  let watch: RateLimitWatch = NO_WARNINGS;
  /** The last finished reply's total tokens: what the next one will cost, roughly. */
  let replyTokens: number | undefined;
  return {
    observe(e) {
      const lines: Note[] = [];
      if (e.type === 'response.done') {
        const total = record(e.response.usage)?.total_tokens;
        if (typeof total === 'number' && Number.isFinite(total) && total > 0) replyTokens = total;
      }
      if (e.type === 'rate_limits.updated') {
        const next = watchRateLimits(watch, e.rate_limits, replyTokens);
        watch = next.watch;
        if (next.warning) lines.push(next.warning);
      }
      const problem = noticeForEvent(e);
      if (problem) lines.push(problem);
      return lines;
    },
  };
}

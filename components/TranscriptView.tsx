import type { Message } from '@/lib/transcript/reduce';

const WHO = { user: 'You', assistant: 'Assistant', notice: 'Hark' } as const;

function MessageItem({ m }: { m: Message }) {
  const pending = m.role === 'user' && !m.final;
  const text = m.text || (m.failed ? '(could not transcribe)' : pending ? '…' : '');
  return (
    <li class={`msg msg-${m.role}`} data-role={m.role} data-final={String(m.final)} data-id={m.id}>
      <span class="who">{WHO[m.role]}</span>
      <p class="text">
        {text}
        {pending && m.text && <span class="approx"> (approximate)</span>}
        {m.interrupted && <span class="cut"> — cut off</span>}
      </p>
    </li>
  );
}

export function TranscriptView({ messages }: { messages: Message[] }) {
  return (
    <ol class="transcript" aria-live="polite" aria-label="Conversation">
      {messages.length === 0 && <li class="empty">Click the Hark toolbar icon or Start, then speak.</li>}
      {messages.map((m) => (
        <MessageItem key={m.id} m={m} />
      ))}
    </ol>
  );
}

/**
 * The one place where Hark's message handlers and ports meet the sender policy
 * (`sender-policy.ts`). Contexts register handlers through `guardedReceiver` (messages.ts hands
 * out nothing else to receive with), so no handler runs for a sender the policy does not allow.
 *
 * A refused message does nothing and its sender learns nothing: the answer is a bare "refused"
 * error (no data, no stack). The log line names the message kind and the sending context, never
 * the payload (it may be a key, a transcript or page text).
 */
import type { ExtensionMessenger } from '@webext-core/messaging';
import type { Logger } from '../log';
import { decide, PORT_SENDERS, type ExtensionSelf, type SenderInfo, type SenderPolicy } from './sender-policy';

/** The receiving context's scoped logger (lib/log.ts): its lines say who refused. */
type Log = Pick<Logger, 'warn'>;

/** Receiving half of a messenger: same `onMessage` as @webext-core/messaging's. */
// biome-ignore lint/suspicious/noExplicitAny: the messaging library's own constraint (interfaces have no index signature for `unknown`)
export type Receiver<P extends Record<string, any>> = Pick<ExtensionMessenger<P>, 'onMessage'>;

// biome-ignore lint/suspicious/noExplicitAny: as above
export function guardedReceiver<P extends Record<string, any>>(
  messenger: Receiver<P>,
  policy: SenderPolicy<NoInfer<P>>,
  extensionId: ExtensionSelf,
  log: Log,
): Receiver<P> {
  return {
    onMessage(type, handler) {
      return messenger.onMessage(type, (message) => {
        // `type` is one of ours: the messenger only calls handlers registered under that name.
        const { allowed, context } = decide(policy, String(type), message.sender, extensionId);
        if (!allowed) {
          log.warn(`refused ${String(type)} from ${context}`);
          throw refusal();
        }
        return handler(message);
      });
    },
  };
}

function refusal(): Error {
  const e = new Error('refused');
  // The messenger sends the stack along; it would show Hark's code paths for nothing.
  e.stack = '';
  return e;
}

export interface PortLike {
  name: string;
  sender?: SenderInfo;
  disconnect(): void;
}

/**
 * Whether the worker may keep this port. A refused one is disconnected at once, before any
 * listener is added: its disconnect must not count as "the offscreen document is gone" or "the
 * side panel closed" (which would recover or stop the session).
 */
export function admitPort(port: PortLike, extensionId: ExtensionSelf, log: Log): boolean {
  const { allowed, context } = decide(PORT_SENDERS, port.name, port.sender, extensionId);
  if (allowed) return true;
  // An unknown port's name is the sender's text: not logged.
  const name = Object.hasOwn(PORT_SENDERS, port.name) ? `port ${port.name}` : 'an unknown port';
  log.warn(`refused ${name} from ${context}`);
  port.disconnect();
  return false;
}

/**
 * Auto-scroll for a growing list: follows new content while the user is at the bottom, stops
 * as soon as they scroll up (to read), and offers a way back (`away` + `jump`).
 */
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { RefObject } from 'preact';

/** Within this many pixels of the end counts as "at the bottom". */
export const STICK_THRESHOLD_PX = 48;

export function atBottom(el: HTMLElement): boolean {
  return el.scrollHeight - el.scrollTop - el.clientHeight <= STICK_THRESHOLD_PX;
}

export function useStickToBottom(ref: RefObject<HTMLElement | null>, content: unknown) {
  const stuck = useRef(true);
  const [away, setAway] = useState(false);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (stuck.current) el.scrollTop = el.scrollHeight;
    else setAway(true);
  }, [content]);

  const onScroll = () => {
    const el = ref.current;
    if (!el) return;
    stuck.current = atBottom(el);
    if (stuck.current) setAway(false);
  };

  const jump = () => {
    const el = ref.current;
    stuck.current = true;
    setAway(false);
    if (el) el.scrollTop = el.scrollHeight;
  };

  return { onScroll, away, jump };
}

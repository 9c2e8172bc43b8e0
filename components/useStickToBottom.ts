/**
 * Auto-scroll for a growing list: follows new content while the user is at the bottom, stops
 * as soon as they scroll up (to read), and offers a way back (`away` + `jump`).
 *
 * Content changes are noticed with a MutationObserver and the scroll is written once per frame:
 * reading `scrollHeight` right after each streamed word would force a layout of the whole list
 * per word; in a frame callback the layout is one the browser does anyway.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { RefObject } from 'preact';

/** Within this many pixels of the end counts as "at the bottom". */
export const STICK_THRESHOLD_PX = 48;

export function atBottom(el: HTMLElement): boolean {
  return el.scrollHeight - el.scrollTop - el.clientHeight <= STICK_THRESHOLD_PX;
}

export function useStickToBottom(ref: RefObject<HTMLElement | null>) {
  const stuck = useRef(true);
  const [away, setAway] = useState(false);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let frame = 0;
    const follow = () => {
      frame = 0;
      if (stuck.current) el.scrollTop = el.scrollHeight;
      else setAway(true);
    };
    follow();
    const observer = new MutationObserver(() => {
      frame ||= requestAnimationFrame(follow);
    });
    observer.observe(el, { childList: true, subtree: true, characterData: true });
    return () => {
      observer.disconnect();
      cancelAnimationFrame(frame);
    };
  }, [ref]);

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

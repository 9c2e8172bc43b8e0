/**
 * Auto-scroll for a growing list: follows new content while the user is at the bottom, stops
 * as soon as they scroll up (to read), and offers a way back (`away` + `jump`).
 *
 * Content changes are noticed with a MutationObserver and the scroll is written once per frame:
 * reading `scrollHeight` right after each streamed word would force a layout of the whole list
 * per word; in a frame callback the layout is one the browser does anyway.
 *
 * Only the user unsticks it: a scroll away from the bottom counts when it follows a wheel, touch,
 * pointer or key gesture on the list. Positions alone lie: our own scroll's event arrives a frame
 * later, when more words made the list taller, and rows drawn for the first time replace their
 * estimated height (`content-visibility: auto`), which moves `scrollTop` by itself.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { RefObject } from 'preact';

/** A scroll this soon after a user gesture is the user's (momentum scrolling lasts a while). */
const GESTURE_MS = 1_000;

/** Within this many pixels of the end counts as "at the bottom". */
export const STICK_THRESHOLD_PX = 48;

export function atBottom(el: HTMLElement): boolean {
  return el.scrollHeight - el.scrollTop - el.clientHeight <= STICK_THRESHOLD_PX;
}

export function useStickToBottom(ref: RefObject<HTMLElement | null>) {
  const stuck = useRef(true);
  /** When the user last touched the list with something that scrolls it. */
  const gestureAt = useRef(-Infinity);
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
    if (atBottom(el)) stuck.current = true;
    else if (performance.now() - gestureAt.current < GESTURE_MS) stuck.current = false;
    if (stuck.current) setAway(false);
  };

  const jump = () => {
    const el = ref.current;
    stuck.current = true;
    setAway(false);
    if (el) el.scrollTop = el.scrollHeight;
  };

  /** Wire to the list's wheel, touchmove, pointerdown and keydown. */
  const onGesture = () => {
    gestureAt.current = performance.now();
  };

  return { onScroll, onGesture, away, jump };
}

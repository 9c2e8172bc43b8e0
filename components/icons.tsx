/** Small inline icons (24×24, currentColor), decorative: their buttons carry the name. */
const svg = (d: string) => (
  <svg class="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
    <path d={d} fill="currentColor" />
  </svg>
);

const MIC = 'M12 14a3 3 0 0 0 3-3V5a3 3 0 0 0-6 0v6a3 3 0 0 0 3 3zm5-3a5 5 0 0 1-10 0H5a7 7 0 0 0 6 6.92V21h2v-3.08A7 7 0 0 0 19 11h-2z';
const MIC_OFF =
  'M19 11h-2c0 .74-.16 1.43-.43 2.05l1.5 1.5A6.96 6.96 0 0 0 19 11zm-4 .17V5a3 3 0 0 0-5.94-.6L15 10.35v.82zM4.27 3 3 4.27l6 6V11a3 3 0 0 0 4.49 2.6l1.55 1.55A5 5 0 0 1 7 11H5a7 7 0 0 0 6 6.92V21h2v-3.08a6.9 6.9 0 0 0 3.05-1.1L19.73 21 21 19.73 4.27 3z';
const STOP = 'M7 7h10v10H7z';
const TUNE = 'M3 17v2h6v-2H3zM3 5v2h10V5H3zm10 16v-2h8v-2h-8v-2h-2v6h2zM7 9v2H3v2h4v2h2V9H7zm14 4v-2H11v2h10zm-6-4h2V7h4V5h-4V3h-2v6z';

export const MicIcon = () => svg(MIC);
export const MicOffIcon = () => svg(MIC_OFF);
export const StopIcon = () => svg(STOP);
export const TuneIcon = () => svg(TUNE);

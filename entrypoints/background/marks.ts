import { StartMarks } from '@/lib/start-marks';

/** Stages of the latest start in this worker (see lib/start-marks.ts). */
export const startMarks = new StartMarks();

import { StartMarks } from '@/lib/start-marks';

/** Stages of the latest connect in this document (see lib/start-marks.ts). */
export const connectMarks = new StartMarks();

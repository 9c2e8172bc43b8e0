/** Build-time flags (wxt.config.ts `define`): constants, so a release build drops what they guard. */
interface ImportMetaEnv {
  /** True except in a release build (`npm run zip`): guards the test hooks the e2e suite reads. */
  readonly HARK_TEST_HOOKS: boolean;
}

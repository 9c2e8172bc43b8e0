import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';
import preact from '@preact/preset-vite';

export default defineConfig({
  plugins: [WxtVitest(), preact()],
  test: {
    include: ['tests/**/*.test.{ts,tsx}'],
    environment: 'happy-dom',
    // Server tests pace audio in real time; on a busy 2-core machine they need room (they wait on events, never on time).
    testTimeout: 30_000,
    mockReset: true,
    restoreMocks: true,
    // `npm run coverage`: how much of the pure logic the unit tests run (entrypoints are covered by e2e).
    coverage: {
      provider: 'v8',
      include: ['lib/**/*.ts'],
      reporter: ['text-summary', 'text', 'html'],
      reportsDirectory: 'coverage',
    },
  },
});

import { defineConfig } from 'vitest/config';

// Pure tests (no database): `npx vitest run -c vitest.unit.config.ts test/domain/kyc`.
export default defineConfig({
  test: { include: ['test/**/*.test.ts'], pool: 'forks', maxWorkers: 2 },
});

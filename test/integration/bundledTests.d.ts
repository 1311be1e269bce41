// Generated at bundle time by test/harness/buildTests.mjs: one lazy loader per test/integration/**/*.test.ts.
declare module 'integration-tests:bundled' {
  const testFiles: ReadonlyArray<{ readonly file: string; load(): unknown }>;
  export default testFiles;
}

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": [
      "@swc/jest",
      {
        jsc: {
          target: "es2022",
          parser: { syntax: "typescript", decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
        },
        module: { type: "commonjs" },
      },
    ],
  },
  testTimeout: 30000,
  // Four test files at a time, even on a 2-core machine: much of the suite waits (on real servers' timeouts,
  // a child's shutdown, npm start), so the full run takes about half as long as one file at a time (measured:
  // 45-70 s against 105 s, 2 cores). Timing assertions hold under that contention: the servers time
  // themselves (their log lines), fail-fast is measured against a baseline request taken at the same moments,
  // "cheap" is CPU time, and the deadlines that only guard against a hang have generous headroom. No file
  // needs to run alone.
  maxWorkers: 4,
};

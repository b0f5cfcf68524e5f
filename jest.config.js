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
  // One test file at a time: the load tests (10,000 requests, SIGTERM under load) would otherwise steal the
  // CPU that timing assertions (deadline + 250 ms, fail-fast < 10 ms) measure, on a 2-core machine.
  maxWorkers: 1,
};

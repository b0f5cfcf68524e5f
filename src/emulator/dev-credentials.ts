// Fixed development credentials, used when STYTCH_PROJECT_ID / STYTCH_SECRET are not set. They only ever
// authenticate against this emulator; the "test" prefix matches Stytch's test-project id format.
export const DEV_PROJECT_ID = "project-test-00000000-0000-4000-8000-000000000000";
export const DEV_SECRET = "secret-test-emulator-development-only";
/** The public token that browser-facing routes (GET /v1/public/sso/start) accept in place of Basic auth. */
export const DEV_PUBLIC_TOKEN = "public-token-test-00000000-0000-4000-8000-000000000000";

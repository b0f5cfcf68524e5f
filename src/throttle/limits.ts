/** A limit over a fixed window. */
export interface WindowLimit {
  limit: number;
  windowMs: number;
}

/**
 * What one pending step, one member and one client address may cost in SMS and code checks. Everything past
 * a limit is answered RATE_LIMITED before Stytch is called. The numbers are documented in the README
 * (Security); a later store shared by replicas makes them hold across replicas.
 */
export interface AbuseLimits {
  /** Code checks per pending MFA step (an intermediate session); the step is then burned. */
  codeAttemptsPerStep: number;
  /** Wrong codes per member, across pending steps. */
  wrongCodesPerMember: WindowLimit;
  /** Code checks per client address. */
  codeAttemptsPerClient: WindowLimit;
  /** SMS per pending step, the one the exchange itself sent included. */
  smsPerStep: number;
  /** The least time between two SMS of one pending step. */
  smsSpacingMs: number;
  /** SMS per member, whoever asks. */
  smsPerMember: WindowLimit;
  /** SMS per client address. */
  smsPerClient: WindowLimit;
  /** Exchanges per caller that made Stytch send an SMS (an exchange into an MFA organization does). */
  smsExchangesPerCaller: WindowLimit;
}

const MINUTE = 60_000;

/** Stytch keeps an intermediate session (a pending step) 10 minutes: per-step state lives as long. */
export const PENDING_STEP_MS = 10 * MINUTE;

export const DEFAULT_ABUSE_LIMITS: AbuseLimits = {
  codeAttemptsPerStep: 5,
  wrongCodesPerMember: { limit: 10, windowMs: 15 * MINUTE },
  codeAttemptsPerClient: { limit: 30, windowMs: MINUTE },
  smsPerStep: 3,
  smsSpacingMs: 30_000,
  smsPerMember: { limit: 6, windowMs: 60 * MINUTE },
  // Per client address, generous: an office behind one NAT shares it; the per-member limits are the tight ones.
  smsPerClient: { limit: 50, windowMs: 60 * MINUTE },
  smsExchangesPerCaller: { limit: 3, windowMs: 10 * MINUTE },
};

/**
 * What one email address and one client may cost in sign-in emails and code checks. Counted whether or not the
 * address has an account, so that a refusal tells nothing about it either.
 */
export interface SignInLimits {
  /** The least time between two emails to one address. */
  emailSpacingMs: number;
  /** Emails (codes and links) per address, discovery and organization sign-ins together. */
  emailsPerAddress: WindowLimit;
  /** Emails per client address. */
  emailsPerClient: WindowLimit;
  /** Wrong email codes per address (a code is the address's, whichever step it is for). */
  wrongCodesPerAddress: WindowLimit;
  /** Code and link checks per client address. */
  checksPerClient: WindowLimit;
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = {
  emailSpacingMs: 30_000,
  emailsPerAddress: { limit: 5, windowMs: 60 * MINUTE },
  // Generous: an office behind one NAT shares it; the per-address limits are the tight ones.
  emailsPerClient: { limit: 50, windowMs: 60 * MINUTE },
  wrongCodesPerAddress: { limit: 5, windowMs: 15 * MINUTE },
  checksPerClient: { limit: 30, windowMs: MINUTE },
};

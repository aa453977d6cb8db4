/** The HTTP API contract (accounts, cohorts, sessions): zod schemas and response types. */
export * from './common';
export * from './auth';
export * from './cohorts';
export * from './schedule';
export * from './views';
export * from './privacy';
export * from './links';

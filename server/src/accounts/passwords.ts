import argon2 from 'argon2';

/**
 * Password hashing with argon2id (the library's defaults: 64 MiB, 3 passes, 4 lanes,
 * above OWASP's minimum). The encoded hash carries its own parameters, so raising them
 * later keeps old hashes verifiable.
 */

/** Hashes a password for storage. */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

/** Whether `password` matches `hash`. A malformed hash counts as a mismatch, never an error. */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;

/**
 * Spends the time a real verification would, for sign-ins with an unknown email, so
 * response times do not reveal which emails have accounts.
 */
export async function burnVerification(password: string): Promise<false> {
  dummy ??= hashPassword('hearth-timing-equaliser');
  await verifyPassword(await dummy, password);
  return false;
}

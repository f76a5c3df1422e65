import { ApiError } from './rocketchat-client.js';
import { SeedingError } from './seeder.js';

/**
 * A write that a contract rule covers (re-creating an existing DM, posting a message whose effect
 * rooms.get shows): the server's refusal of it is evidence for the check, not seeding refused, so it is
 * returned with the server's answer instead of thrown. A transport failure says nothing about the
 * server's rules and is still thrown.
 */
export async function answerOrRefusal<T>(
  call: () => Promise<T>,
): Promise<{ answer: T; refusal?: undefined } | { refusal: ApiError; stop: SeedingError }> {
  try {
    return { answer: await call() };
  } catch (error) {
    if (error instanceof SeedingError && error.original instanceof ApiError)
      return { refusal: error.original, stop: error };
    throw error;
  }
}

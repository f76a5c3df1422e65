import fc from 'fast-check';
import {
  isStrictlyAfter,
  isoUtc,
  type Precision,
  type PropertyReplay,
  spellInstant,
  type Zone,
} from './updated-since.js';

/**
 * `updatedSince` explored by property (fast-check): instants drawn around the server's own `_updatedAt`
 * of a few rooms — exactly at one, 1 ms before or after, or anywhere in an hour either side — each
 * written in a spelling of the date-time grammar (`Z` or any `±hh:mm` offset, to the minute, the second
 * or 1–9 fraction digits), and judged against the model of ONE listing without a date: a room is in
 * `update` exactly when its `_updatedAt` is after the instant ($gt). A failure shrinks to the smallest
 * case fast-check finds within the request budget and names the seed and path that replay it
 * (CONTRACT_PROPERTY_SEED). Framework-neutral: the spec gives it the server as two calls.
 */

/** A room the property judges, as the one listing without a date showed it. */
export interface TimedRoom {
  id: string;
  /** How a finding names it ("private group"). */
  label: string;
  updatedAt: string;
}

/**
 * What rooms.get answered for one updatedSince: the ids `update` lists (only the judged rooms' matter),
 * or, when it did not answer with a listing, that answer described ("400 {…}"): every spelling of the
 * grammar is a valid date, so a refusal fails the property like a wrong listing.
 */
export type DatedAnswer = { listed: ReadonlySet<string> } | { refused: string };

/** The server, as the property reads it. */
export interface UpdatedSinceServer {
  listed(updatedSince: string): Promise<DatedAnswer>;
  /** The judged rooms' `_updatedAt`, read anew from a listing without a date. */
  reread(): Promise<ReadonlyMap<string, string>>;
}

/** One drawn case: the instant (a room's `_updatedAt` moved by `deltaMs`) and how it is written. */
interface PropertyCase {
  room: number;
  deltaMs: number;
  zone: Zone;
  precision: Precision;
}

/** Cases drawn per run, all asked at once. */
export const PROPERTY_RUNS = 28;
/**
 * Requests the property may make: the drawn cases, re-reads of moved rooms, and shrinking (sequential,
 * only after a failure). With the check's own listing and its four server-dependent spellings, a check
 * stays within 50 requests.
 */
export const PROPERTY_REQUEST_BUDGET = 44;
const MAX_REREADS = 3;
const WINDOW_MS = 3_600_000;

/**
 * Offsets in use somewhere (Nepal +05:45, Chatham +12:45/+13:45, Eucla +08:45, Marquesas −09:30, Line
 * Islands +14:00, Baker Island −12:00, …) half the time; any offset the grammar allows (±23:59) the other.
 */
const ZONES_IN_USE: readonly Zone[] = [
  'Z',
  0,
  120,
  -300,
  330,
  -210,
  345,
  525,
  765,
  825,
  -570,
  570,
  840,
  -720,
];

function caseArbitrary(roomCount: number): fc.Arbitrary<PropertyCase> {
  return fc.record({
    room: fc.integer({ min: 0, max: roomCount - 1 }),
    // Exactly at a room's stamp most often: only there does a boundary fault ($gte) show.
    deltaMs: fc.oneof(
      { weight: 2, arbitrary: fc.constant(0) },
      { weight: 1, arbitrary: fc.constant(-1) },
      { weight: 1, arbitrary: fc.constant(1) },
      { weight: 1, arbitrary: fc.integer({ min: -WINDOW_MS, max: WINDOW_MS }) },
    ),
    zone: fc.oneof(
      { weight: 1, arbitrary: fc.constantFrom(...ZONES_IN_USE) },
      { weight: 1, arbitrary: fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 }) },
    ),
    precision: fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom<Precision>(3, 6, 9, 4, 5, 7, 8) },
      { weight: 1, arbitrary: fc.constantFrom<Precision>('seconds', 'minutes', 1, 2) },
    ),
  });
}

/** The instant a case names, written. */
function spellCase(rooms: readonly TimedRoom[], drawn: PropertyCase): { value: string; epochMs: number } {
  const room = rooms[drawn.room] as TimedRoom;
  return spellInstant(Date.parse(room.updatedAt) + drawn.deltaMs, drawn.zone, drawn.precision);
}

/** How a finding describes a case: the spelling, and the instant relative to the room it was drawn from. */
function describeCase(rooms: readonly TimedRoom[], drawn: PropertyCase): string {
  const room = rooms[drawn.room] as TimedRoom;
  const { value, epochMs } = spellCase(rooms, drawn);
  const delta = epochMs - Date.parse(room.updatedAt);
  const where =
    delta === 0
      ? `exactly the ${room.label}'s _updatedAt ${room.updatedAt}`
      : `${Math.abs(delta)} ms ${delta < 0 ? 'before' : 'after'} the ${room.label}'s _updatedAt ${room.updatedAt}`;
  const precision =
    typeof drawn.precision === 'number'
      ? `${drawn.precision} fraction digits`
      : `to the ${drawn.precision.replace(/s$/, '')}`;
  return `updatedSince=${value} (${isoUtc(epochMs)}: ${where}; ${precision})`;
}

export type PropertyVerdict =
  | { kind: 'held'; seed: number; runs: number; requests: number; moved: string[] }
  | {
      kind: 'failed';
      seed: number;
      path: string;
      counterexample: PropertyCase;
      /** The counterexample, described, and what the server got wrong about each room. */
      description: string;
      mismatches: string[];
      runs: number;
      shrinks: number;
      /** Whether shrinking stopped at the request budget (a smaller case may exist). */
      budgetSpent: boolean;
      requests: number;
      moved: string[];
    }
  /** A replay straight at a counterexample that the server now answers as the model says. */
  | { kind: 'replay-held'; seed: number; path: string; requests: number; moved: string[] };

/**
 * Runs the property against `server`. `replay` forces the seed (and the path of a counterexample);
 * without it, fast-check draws a seed. Every case of the run is asked at once before fast-check judges
 * them (its run is deterministic for a seed, so a first pass that only records the cases knows them).
 */
export async function exploreUpdatedSince(
  rooms: readonly TimedRoom[],
  server: UpdatedSinceServer,
  options: { replay?: PropertyReplay; runs?: number; budget?: number } = {},
): Promise<PropertyVerdict> {
  const runs = options.runs ?? PROPERTY_RUNS;
  const budget = options.budget ?? PROPERTY_REQUEST_BUDGET;
  const arbitrary = caseArbitrary(rooms.length);
  const seed = options.replay?.seed ?? Math.floor(Math.random() * 0x7fffffff);
  const path = options.replay?.path;
  // Every _updatedAt each room was seen with: a room that moved during the check is judged by any of them.
  const stamps = new Map(rooms.map((room) => [room.id, [room.updatedAt]]));
  const moved: string[] = [];
  const answers = new Map<string, Promise<DatedAnswer>>();
  let requests = 0;
  let rereads = 0;
  let budgetSpent = false;

  const ask = (value: string): Promise<DatedAnswer> | undefined => {
    const known = answers.get(value);
    if (known) return known;
    if (requests >= budget) {
      budgetSpent = true;
      return undefined;
    }
    requests++;
    const answer = server.listed(value);
    answers.set(value, answer);
    return answer;
  };

  /** What the answer gets wrong about each room, judged by every _updatedAt the room was seen with. */
  const mismatchesOf = (since: string, answer: DatedAnswer): string[] => {
    if ('refused' in answer) return [`rooms.get answered ${answer.refused} instead of a listing`];
    return rooms.flatMap((room) => {
      const seen = stamps.get(room.id) ?? [];
      const isListed = answer.listed.has(room.id);
      if (seen.some((stamp) => isStrictlyAfter(stamp, since) === isListed)) return [];
      const at = seen.join(' or ');
      return [
        isListed
          ? `the ${room.label} ${room.id} is listed in update, though its _updatedAt ${at} is not after the instant`
          : `the ${room.label} ${room.id} is missing from update, though its _updatedAt ${at} is after the instant`,
      ];
    });
  };

  /** Re-reads the rooms once a mismatch shows, while they keep moving: a moved room is not a failure. */
  const judge = async (since: string, answer: DatedAnswer): Promise<string[]> => {
    let problems = mismatchesOf(since, answer);
    while (problems.length > 0 && 'listed' in answer && rereads < MAX_REREADS && requests < budget) {
      rereads++;
      requests++;
      const fresh = await server.reread();
      let anyMoved = false;
      for (const room of rooms) {
        const stamp = fresh.get(room.id);
        const seen = stamps.get(room.id) ?? [];
        if (stamp === undefined || seen.includes(stamp)) continue;
        seen.push(stamp);
        moved.push(`the ${room.label} ${room.id} moved to _updatedAt ${stamp} during the check`);
        anyMoved = true;
      }
      problems = mismatchesOf(since, answer);
      if (!anyMoved) rereads = MAX_REREADS; // the rooms hold still: the mismatch is the server's
    }
    return problems;
  };

  const property = (onCase: (spelled: { value: string; epochMs: number }) => Promise<boolean>) =>
    fc.asyncProperty(arbitrary, (drawn) => onCase(spellCase(rooms, drawn)));
  // A request that did not answer (transport, rate limit) ends the exploration with its own error.
  let thrown: { error: unknown } | undefined;

  if (path === undefined) {
    // The first pass only records the cases; then all are asked at once.
    const drawnValues: string[] = [];
    await fc.check(
      property(async ({ value }) => {
        drawnValues.push(value);
        return true;
      }),
      { seed, numRuns: runs },
    );
    await Promise.all(drawnValues.map((value) => ask(value)));
  }

  const details = await fc.check(
    property(async ({ value, epochMs }) => {
      const answer = thrown ? undefined : ask(value);
      // Out of budget while shrinking: this candidate is not judged, the smallest so far stands.
      fc.pre(answer !== undefined);
      try {
        return (await judge(isoUtc(epochMs), await (answer as Promise<DatedAnswer>))).length === 0;
      } catch (error) {
        thrown = { error };
        throw error;
      }
    }),
    { seed, numRuns: runs, ...(path === undefined ? {} : { path, endOnFailure: true }) },
  );

  if (thrown) throw thrown.error;
  if (!details.failed || details.counterexample === null) {
    if (path !== undefined) return { kind: 'replay-held', seed, path, requests, moved };
    return { kind: 'held', seed, runs: details.numRuns, requests, moved };
  }
  const [counterexample] = details.counterexample;
  const { value, epochMs } = spellCase(rooms, counterexample);
  const answer = await (answers.get(value) as Promise<DatedAnswer>);
  return {
    kind: 'failed',
    seed: details.seed,
    path: details.counterexamplePath,
    counterexample,
    description: describeCase(rooms, counterexample),
    mismatches: mismatchesOf(isoUtc(epochMs), answer),
    runs: details.numRuns,
    shrinks: details.numShrinks,
    budgetSpent,
    requests,
    moved,
  };
}

/**
 * CS team capacity (issue 14 item 6): each CSM's book against the engagement model of its
 * segments, accounts with no owner, and a suggested rebalancing. Pure.
 *
 * Engagement models and their book targets (accounts one CSM can carry), configurable:
 * high-touch 25, low-touch 100, tech-touch none (served one-to-many; they add no load).
 * A segment's model comes from `segmentModels` (case-insensitive; default: enterprise and
 * mid-market high-touch, smb low-touch, self-serve tech-touch, anything else low-touch).
 * Load = Σ over the book of 1 ÷ target of the account's model: 1.0 is a full book.
 */
export type EngagementModel = 'high-touch' | 'low-touch' | 'tech-touch';

export type CapacityConfig = {
  targets: Record<EngagementModel, number | null>;
  segmentModels: Record<string, EngagementModel>;
  defaultModel: EngagementModel;
  /** At most this many moves are suggested. */
  maxMoves: number;
};

export const DEFAULT_CAPACITY_CONFIG: CapacityConfig = {
  targets: { 'high-touch': 25, 'low-touch': 100, 'tech-touch': null },
  segmentModels: { enterprise: 'high-touch', 'mid-market': 'high-touch', smb: 'low-touch', 'self-serve': 'tech-touch' },
  defaultModel: 'low-touch',
  maxMoves: 200,
};

export const modelOf = (segment: string | null, config: CapacityConfig): EngagementModel =>
  (segment !== null ? config.segmentModels[segment.toLowerCase()] : undefined) ?? config.defaultModel;

const weightOf = (model: EngagementModel, config: CapacityConfig): number => {
  const target = config.targets[model];
  return target ? 1 / target : 0;
};

/** A customer (ARR > 0) and who owns it. */
export type BookAccount = { id: string; name: string; segment: string | null; ownerId: string | null; arrCents: number };

export type SegmentBook = { segment: string; model: EngagementModel; target: number | null; accounts: number; arrCents: number };
export type CsmBook = { ownerId: string; accounts: number; arrCents: number; load: number; segments: SegmentBook[] };
export type SuggestedMove = { accountId: string; accountName: string; segment: string; arrCents: number; fromOwnerId: string; toOwnerId: string };

export function csmBooks(accounts: readonly BookAccount[], config: CapacityConfig): { books: CsmBook[]; unowned: BookAccount[] } {
  const books = new Map<string, CsmBook>();
  const unowned: BookAccount[] = [];
  for (const a of accounts) {
    if (a.ownerId === null) {
      unowned.push(a);
      continue;
    }
    let book = books.get(a.ownerId);
    if (!book) books.set(a.ownerId, (book = { ownerId: a.ownerId, accounts: 0, arrCents: 0, load: 0, segments: [] }));
    const segment = a.segment ?? '(none)';
    const model = modelOf(a.segment, config);
    let s = book.segments.find((x) => x.segment === segment);
    if (!s) book.segments.push((s = { segment, model, target: config.targets[model], accounts: 0, arrCents: 0 }));
    book.accounts++;
    book.arrCents += a.arrCents;
    book.load += weightOf(model, config);
    s.accounts++;
    s.arrCents += a.arrCents;
  }
  for (const book of books.values()) book.segments.sort((x, y) => x.segment.localeCompare(y.segment));
  return { books: [...books.values()].sort((x, y) => y.load - x.load || y.arrCents - x.arrCents || x.ownerId.localeCompare(y.ownerId)), unowned };
}

/**
 * Greedy rebalancing by load, within segments (a CSM only receives accounts of a segment they
 * already work in, so skills and relationships stay). While some CSM is over a full book
 * (load > 1): take the most loaded one; for each of their non-tech-touch segments, the
 * least-loaded other CSM of that segment; move the giver's smallest-ARR account of that
 * segment to the receiver if the receiver then stays below where the giver was (receiver + w <
 * giver), preferring the segment whose receiver is least loaded. Stops
 * when no move helps the most loaded CSM, or after `maxMoves`. Each move lowers the highest
 * load or leaves it to a CSM with fewer, so few moves are suggested; it is not a global optimum.
 */
export function suggestRebalancing(accounts: readonly BookAccount[], config: CapacityConfig): SuggestedMove[] {
  const owned = accounts.filter((a) => a.ownerId !== null);
  const load = new Map<string, number>();
  const bySegmentOwner = new Map<string, Map<string, BookAccount[]>>();
  for (const a of owned) {
    const w = weightOf(modelOf(a.segment, config), config);
    load.set(a.ownerId!, (load.get(a.ownerId!) ?? 0) + w);
    if (w === 0) continue;
    const segment = a.segment ?? '(none)';
    let owners = bySegmentOwner.get(segment);
    if (!owners) bySegmentOwner.set(segment, (owners = new Map()));
    const list = owners.get(a.ownerId!);
    if (list) list.push(a);
    else owners.set(a.ownerId!, [a]);
  }
  // Smallest ARR last, so pop() gives it (ties by name, for a stable answer).
  for (const owners of bySegmentOwner.values()) for (const list of owners.values()) list.sort((x, y) => y.arrCents - x.arrCents || y.name.localeCompare(x.name));
  const moves: SuggestedMove[] = [];
  const EPS = 1e-9;
  while (moves.length < config.maxMoves) {
    const [giver, giverLoad] = [...load.entries()].sort(([a, x], [b, y]) => y - x || a.localeCompare(b))[0] ?? ['', 0];
    if (giverLoad <= 1 + EPS) break;
    let best: { segment: string; receiver: string; receiverLoad: number; w: number } | null = null;
    for (const [segment, owners] of bySegmentOwner) {
      if (!owners.get(giver)?.length) continue;
      const w = weightOf(modelOf(segment === '(none)' ? null : segment, config), config);
      for (const receiver of owners.keys()) {
        if (receiver === giver) continue;
        const receiverLoad = load.get(receiver)!;
        if (receiverLoad + w < giverLoad - EPS && (!best || receiverLoad < best.receiverLoad || (receiverLoad === best.receiverLoad && receiver < best.receiver))) {
          best = { segment, receiver, receiverLoad, w };
        }
      }
    }
    if (!best) break;
    const owners = bySegmentOwner.get(best.segment)!;
    const account = owners.get(giver)!.pop()!;
    owners.get(best.receiver)!.push(account);
    owners.get(best.receiver)!.sort((x, y) => y.arrCents - x.arrCents || y.name.localeCompare(x.name));
    load.set(giver, giverLoad - best.w);
    load.set(best.receiver, best.receiverLoad + best.w);
    moves.push({ accountId: account.id, accountName: account.name, segment: best.segment, arrCents: account.arrCents, fromOwnerId: giver, toOwnerId: best.receiver });
  }
  return moves;
}

/** Someone a message may mention: MSP staff of the ticket's company. */
export interface MentionCandidate {
  id: string;
  name: string;
  email: string;
}

/**
 * `@handle` words: `@` not glued to a word (so a plain address `bob@x.test` is no mention), then an
 * e-mail local part, optionally with its domain.
 */
const MENTION = /(?<![\w.@+-])@([A-Za-z0-9._%+-]+(?:@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)?)/g;

const localPart = (email: string) => email.slice(0, email.lastIndexOf('@')).toLowerCase();

/** The handle to write for each candidate: the local part, or the whole address when it is shared. */
export function mentionHandles(candidates: MentionCandidate[]): Map<string, string> {
  const count = new Map<string, number>();
  for (const c of candidates)
    count.set(localPart(c.email), (count.get(localPart(c.email)) ?? 0) + 1);
  return new Map(
    candidates.map((c) => {
      const local = localPart(c.email);
      return [c.id, count.get(local) === 1 ? local : c.email.toLowerCase()];
    }),
  );
}

/**
 * The candidates a body mentions, each once, in the order first written. A handle matching nobody
 * (or an ambiguous local part) is plain text: it never reveals whether such a person exists.
 */
export function parseMentions(body: string, candidates: MentionCandidate[]): MentionCandidate[] {
  const handles = mentionHandles(candidates);
  const byHandle = new Map<string, MentionCandidate>();
  for (const c of candidates) {
    byHandle.set(handles.get(c.id)!, c);
    byHandle.set(c.email.toLowerCase(), c);
  }
  const found = new Map<string, MentionCandidate>();
  for (const m of body.matchAll(MENTION)) {
    // A sentence's full stop is not part of the handle.
    const word = m[1].replace(/[.]+$/, '').toLowerCase();
    const c = byHandle.get(word);
    if (c && !found.has(c.id)) found.set(c.id, c);
  }
  return [...found.values()];
}

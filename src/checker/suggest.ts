// The known key an unknown one most likely meant: a word people use for it (`setup` for
// `initialize`), the same key written differently (`Post_Build`), or a near spelling (`initialise`).

/** Keys longer than this are not a misspelling of a short key; comparing them is wasted work. */
const LONGEST_COMPARED = 40;

export interface KnownKeys {
  keys: readonly string[];
  /** Words that mean a known key, lower case with `-` for `_` and spaces, e.g. setup → initialize. */
  synonyms?: Readonly<Record<string, string>>;
}

/** The answers so far for each set of known keys: a file may repeat one unknown key many times. */
const answers = new WeakMap<KnownKeys, Map<string, string | undefined>>();

/** The known key `word` most likely meant, or undefined when none is close. */
export function nearestKey(word: string, known: KnownKeys): string | undefined {
  if (word.length > LONGEST_COMPARED) return undefined;
  let answered = answers.get(known);
  if (!answered) answers.set(known, (answered = new Map()));
  if (!answered.has(word)) answered.set(word, nearest(word, known));
  return answered.get(word);
}

function nearest(word: string, known: KnownKeys): string | undefined {
  const normal = word
    .trim()
    .toLowerCase()
    .replace(/[_\s]+/g, '-');
  const exact = known.keys.find(key => key === normal) ?? known.synonyms?.[normal];
  if (exact) return exact;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const key of known.keys) {
    // One edit for a short key, one per three letters of a longer one: close enough to be a slip.
    const allowed = Math.max(1, Math.floor(key.length / 3));
    if (Math.abs(normal.length - key.length) > allowed) continue;
    const distance = editDistance(normal, key);
    if (distance <= allowed && distance < bestDistance) {
      best = key;
      bestDistance = distance;
    }
  }
  return best;
}

/** Edits (insert, delete, substitute, swap two neighbours) that turn `a` into `b`. */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    rows.push([i]);
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        rows[i].push(j);
        continue;
      }
      const substitute = rows[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      let cost = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, substitute);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        cost = Math.min(cost, rows[i - 2][j - 2] + 1);
      rows[i].push(cost);
    }
  }
  return rows[a.length][b.length];
}

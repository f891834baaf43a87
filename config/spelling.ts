/**
 * Near-miss suggestions for misspelt keys and names: the settings' loaders and the reference validators
 * (engine/reference) share them.
 */

/** Levenshtein distance between two strings (insertions, deletions and substitutions cost 1). */
export function editDistance(a: string, b: string): number {
    if (a === b) return 0;
    let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const cur = [i];
        for (let j = 1; j <= b.length; j++) {
            cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        }
        prev = cur;
    }
    return prev[b.length];
}

/**
 * The candidate closest to `word`, or undefined when none is close enough to be a plausible misspelling:
 * a case-only difference always is; otherwise the distance must be at most a third of the word's length
 * (and at least `minEdits`, 2 by default, are always tolerated: names, short and alike, take 1). Ties go to the
 * first candidate.
 */
export function closestMatch(word: string, candidates: Iterable<string>, minEdits = 2): string | undefined {
    let best: string | undefined;
    let bestScore = Infinity;
    const limit = Math.max(minEdits, Math.floor(word.length / 3));
    for (const c of candidates) {
        const score = c.toLowerCase() === word.toLowerCase() ? 0 : editDistance(word.toLowerCase(), c.toLowerCase()) + 0.5;
        if (score < bestScore) {
            best = c;
            bestScore = score;
        }
    }
    return bestScore <= limit + 0.5 ? best : undefined;
}

/** `fix`, led by the candidate `word` is likely a misspelling of, when there is one: "did you mean X? Else <fix>". */
export function guessedFix(word: string, candidates: Iterable<string>, fix: string, minEdits = 2): string {
    const near = closestMatch(word, candidates, minEdits);
    return near === undefined ? fix : `did you mean ${near}? Else ${fix}`;
}

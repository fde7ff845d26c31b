package org.mobileworship.livecontrol.cli;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import org.jline.utils.Levenshtein;

/** "Did you mean …?" for typed words: the closest known word, if it is close enough to be the one meant. */
final class Suggestions {
    private Suggestions() {
    }

    /**
     * The option closest to {@code typed} by edit distance (Damerau–Levenshtein, so a swapped pair counts
     * once), if at most 2 edits and fewer than half of {@code typed}'s letters away and no other option is as
     * close (a guess between two is no help); else the one option that starts with {@code typed}. Case-insensitive.
     */
    static Optional<String> closest(String typed, Collection<String> options) {
        if (typed == null || typed.isBlank()) {
            return Optional.empty();
        }
        String t = typed.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        boolean tie = false;
        for (String o : options) {
            int d = Levenshtein.distance(t, o.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = o;
                bestDistance = d;
                tie = false;
            } else if (d == bestDistance && !o.equalsIgnoreCase(best)) {
                tie = true;
            }
        }
        if (bestDistance == 0) {
            return Optional.empty(); // a known word, only in other case: nothing to suggest
        }
        int allowed = Math.min(2, Math.max(1, (t.length() - 1) / 2));
        if (best != null && !tie && bestDistance > 0 && bestDistance <= allowed) {
            return Optional.of(best);
        }
        var prefixed = options.stream().filter(o -> o.toLowerCase(Locale.ROOT).startsWith(t)).toList();
        return prefixed.size() == 1 ? Optional.of(prefixed.get(0)) : Optional.empty();
    }
}

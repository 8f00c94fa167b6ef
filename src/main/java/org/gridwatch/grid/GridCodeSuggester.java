package org.gridwatch.grid;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The next free grid code under a parent: the siblings' codes are read as a prefix and a number
 * ({@code JNS-01-016}: {@code JNS-01-} and 16); the prefix most of them share is continued past its
 * highest number with the same zero padding ({@code JNS-01-017}), skipping every code that is taken
 * (by any grid, or retired by a planning tool: records may still be filed under it). Without numbered
 * siblings a small grid starts at {@code <parent>-001} and a large grid at {@code 01}. Pure.
 */
public final class GridCodeSuggester {

    private static final Pattern NUMBERED = Pattern.compile("^(.*?)(\\d+)$");

    private GridCodeSuggester() {
    }

    /**
     * @param parentCode the large grid a small grid goes under, or null for a large grid
     * @param siblings   the codes of the grids already under that parent (the large grids for null)
     * @param taken      every code in use or retired, compared without case
     */
    public static String next(String parentCode, Collection<String> siblings, Set<String> taken) {
        Map<String, Integer> votes = new HashMap<>();
        Map<String, long[]> highest = new HashMap<>(); // key prefix+'\0'+width -> {max}
        String best = null;
        for (String code : siblings) {
            Matcher m = NUMBERED.matcher(code);
            if (!m.matches()) continue;
            String key = m.group(1) + '\0' + m.group(2).length();
            int n = votes.merge(key, 1, Integer::sum);
            long value = Long.parseLong(m.group(2).length() > 18 ? m.group(2).substring(m.group(2).length() - 18) : m.group(2));
            highest.merge(key, new long[]{value}, (a, b) -> a[0] >= b[0] ? a : b);
            if (best == null || n > votes.get(best) || (n == votes.get(best) && key.compareTo(best) < 0)) best = key;
        }
        String prefix;
        int width;
        long number;
        if (best == null) {
            prefix = parentCode == null || parentCode.isBlank() ? "" : parentCode + "-";
            width = parentCode == null || parentCode.isBlank() ? 2 : 3;
            number = 1;
        } else {
            int cut = best.indexOf('\0');
            prefix = best.substring(0, cut);
            width = Integer.parseInt(best.substring(cut + 1));
            number = highest.get(best)[0] + 1;
        }
        Set<String> lower = new java.util.HashSet<>();
        for (String t : taken) lower.add(t.toLowerCase(java.util.Locale.ROOT));
        while (true) {
            String candidate = prefix + String.format("%0" + width + "d", number);
            if (!lower.contains(candidate.toLowerCase(java.util.Locale.ROOT))) return candidate;
            number++;
        }
    }
}

package org.gridwatch.inspection;

/**
 * The order the in-memory indexes keep their records in (inspections, patrols): by time, then by id. One
 * definition, so that the binary search and the merge of both indexes agree on it.
 */
final class TimeOrder {

    private TimeOrder() {
    }

    /** Whether the record (time1, id1) sorts before (time2, id2). */
    static boolean before(long time1, long id1, long time2, long id2) {
        return time1 < time2 || (time1 == time2 && id1 < id2);
    }

    /** The first of the first {@code size} records (sorted in this order) that sorts after (micros, recordId). */
    static int upperBound(long[] time, long[] id, int size, long micros, long recordId) {
        int lo = 0, hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (before(time[mid], id[mid], micros, recordId)) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}

package org.gridwatch.cases;

/**
 * The filters of {@code GET /api/cases}, as the request carries them (comma lists for status, class,
 * department and source; dates {@code YYYY-MM-DD} in the district zone on the report time; bbox
 * {@code minLon,minLat,maxLon,maxLat}; grid: a small or a large grid's code).
 */
public record CaseFilter(String status, String classCode, String department, String source, String from, String to,
                         String bbox, String grid, Boolean overdue, Integer limit) {
}

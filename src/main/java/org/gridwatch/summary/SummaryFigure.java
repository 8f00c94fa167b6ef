package org.gridwatch.summary;

/**
 * One figure of a work summary: a stable key (what CSV rows, JSON members, the page's
 * {@code data-key} and tests name it by, e.g. "cases.found") and its value (a number or a text).
 * Name a stock (what exists at the end of the period) and a flow (what happened in it) apart in the key.
 */
public record SummaryFigure(String key, Object value) {
}

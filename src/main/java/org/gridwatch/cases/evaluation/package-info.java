/**
 * Evaluation of the case loop (综合评价): flow figures of a period (reported, registered, dispatched,
 * handled, verified, closed; on-time and rework rates; handling time in working hours) and one stock
 * figure (overdue now), per small grid, large grid, department, person or class.
 *
 * <p>Every figure is defined once, in {@link org.gridwatch.cases.evaluation.CaseEvaluator} and
 * {@link org.gridwatch.cases.evaluation.EvaluationRow}, and in {@code docs/evaluation.md}. The SQL
 * aggregation used at scale produces the same {@code EvaluationRow}s; a test holds the two together.
 */
package org.gridwatch.cases.evaluation;

/**
 * The case loop (案件, issue 21): report → register (立案) → dispatch (派遣) → handle (处置) → verify
 * (核查) → close (结案). docs/cases.md is the reference.
 *
 * <ul>
 *   <li><b>case</b>: one problem at one point, from one source, of one class; it has a human number
 *       {@code YYYYMMDD-NNNN} (day and sequence in the district's time zone) and a version for
 *       optimistic locking.</li>
 *   <li><b>class</b>: a row of {@code case_classes}: 事件 (event) or 部件 (part, with its part code), the
 *       department it goes to, and the time limit of each stage in working minutes.</li>
 *   <li><b>working time</b>: time inside the working periods of working days on the district's
 *       {@link org.gridwatch.cases.WorkingCalendar} (weekends, holidays and make-up working days 调休).</li>
 *   <li><b>stage deadline</b>: when the current stage must be done; a case past it is <b>overdue</b>,
 *       one within the configured margin before it is <b>due soon</b>.</li>
 *   <li><b>party</b>: the caller's relation to one case (dispatcher, handler of its department, the
 *       grid worker of its small grid); {@link org.gridwatch.cases.CaseWorkflow} says which party may
 *       take which action in which status.</li>
 * </ul>
 */
package org.gridwatch.cases;

/**
 * Residents' reports from the public page ({@code report.html}, no sign-in): a point (on a small map, or
 * from GPS), a class, a text and a photo make a case of source {@code resident}; the resident gets a
 * <b>tracking number</b> (random, not the case number) whose status page shows the stage and its dates
 * and nothing personal. Each small grid has a printable <b>QR code</b> that opens the page at that grid.
 *
 * <p>The page is open to anyone, so: reports per client address are limited ({@link
 * org.gridwatch.cases.publicreport.ReportRateLimiter}, 429 with Retry-After); a photo is accepted by its
 * bytes, not by the type the browser claims ({@link org.gridwatch.cases.PhotoSniffer}), and
 * only up to a size (413); the reporter's name and phone go to staff only. A point in no small grid but
 * inside the district makes a case without a grid, for a dispatcher to place; a point outside the
 * district is refused.
 */
package org.gridwatch.cases.publicreport;

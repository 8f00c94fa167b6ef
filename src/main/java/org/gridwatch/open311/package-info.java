/**
 * Open311 GeoReport v2: partner systems (a city's 12345 platform, a civic issue tracker) read the case
 * classes as <b>services</b> and cases as <b>service requests</b>, and create requests with an API key an
 * admin issued.
 *
 * <p>Words: a <b>service</b> is a case class ({@code service_code} = the class code); a <b>service
 * request</b> is a case ({@code service_request_id} = the case's human number, {@code 20261207-0012}); its
 * <b>status</b> is {@code open} in the stages reported … verified and {@code closed} once closed, rejected
 * or merged ({@link org.gridwatch.open311.GeoReportStatus}); {@code service_notice} carries the class's
 * time limit. A published request never names the reporter: no name, phone, e-mail or device id, and no
 * staff note; only the class, the stage, the description, the point, the times, and a media URL the
 * partner itself sent. Answers come as JSON or XML by the path's extension; errors in the spec's own
 * shape (a list of {@code code}, {@code description}) in the same format (docs/open311.md).
 */
package org.gridwatch.open311;

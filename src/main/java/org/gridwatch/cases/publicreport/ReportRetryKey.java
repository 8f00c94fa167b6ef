package org.gridwatch.cases.publicreport;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The key under which a resident's report is stored for retries: its {@code clientId} scoped to the
 * submitter. Every resident's case is reported by the same door ({@code public}), so the bare clientId
 * would let one browser that sends another's clientId get the other's tracking number back. Scoped, a
 * retry from the same browser finds its own case and any other browser never meets it.
 *
 * <p>The submitter is the page's random per-browser token (kept in localStorage, never stored on the
 * server), or, for a caller that sends none, its client address. The stored key is
 * {@code public-} and the first 160 bits of SHA-256 over scope and clientId, hex: it fits the
 * {@code cases.client_id} column and the case core's clientId alphabet and tells nothing about the token.
 * Were a staff account to send the same string, the case core refuses it without a word about the case
 * (it belongs to another door, {@code CaseReporting.storedFor}).
 * Pure and thread-safe.
 */
public final class ReportRetryKey {

    /** What the page sends: 16-128 base64url characters (the page draws 32 random bytes). */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{16,128}");
    /** The case core's clientId alphabet. */
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private ReportRetryKey() {
    }

    /** Whether {@code token} has the shape of a submitter token. */
    public static boolean validToken(String token) {
        return token != null && TOKEN.matcher(token).matches();
    }

    /** Whether {@code clientId} has the shape the case core accepts. */
    public static boolean validClientId(String clientId) {
        return clientId != null && CLIENT_ID.matcher(clientId).matches();
    }

    /**
     * The stored clientId for {@code clientId} sent with {@code token} (preferred) or, without a token,
     * from {@code address}.
     */
    public static String of(String clientId, String token, String address) {
        if (!validClientId(clientId)) throw new IllegalArgumentException("not a clientId: " + clientId);
        String scope = token != null ? "token\u0000" + token : "address\u0000" + (address == null ? "" : address);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((scope + "\u0000" + clientId).getBytes(StandardCharsets.UTF_8));
            return "public-" + HexFormat.of().formatHex(digest, 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package org.gridwatch.cases;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.gridwatch.account.Role;
import org.gridwatch.system.ApiProblem;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Photos of cases: {@code before} (with the report: the reporter's side), {@code after} (the handling
 * department's, while the case is dispatched), {@code verify} (the grid worker's, while it is
 * handled). The bytes must be a JPEG, PNG or WebP image whatever the upload claims.
 */
@Service
public class CasePhotos {

    private final Cases cases;
    private final CaseCallers callers;
    private final CaseSettings settings;
    private final Clock clock = Clock.systemUTC();

    CasePhotos(Cases cases, CaseCallers callers, CaseSettings settings) {
        this.cases = cases;
        this.callers = callers;
        this.settings = settings;
    }

    /** The largest photo stored, in bytes: callers check a declared size before reading the bytes. */
    public long maxPhotoBytes() {
        return settings.maxPhotoBytes();
    }

    /** Refuses (413) a photo larger than allowed, before its bytes are read. */
    public void checkSize(long size) {
        if (size > settings.maxPhotoBytes()) {
            throw new ApiProblem(413, "case.photo.tooLarge", "the photo has " + size + " bytes; at most "
                    + settings.maxPhotoBytes() + " are stored", size, settings.maxPhotoBytes());
        }
    }

    @Transactional
    public Map<String, Object> upload(long caseId, String kind, byte[] bytes) {
        CaseCaller caller = callers.current();
        if (kind == null || !Set.of("before", "after", "verify").contains(kind)) {
            throw ApiProblem.badRequest("case.photo.kind", "kind must be before, after or verify", String.valueOf(kind));
        }
        if (bytes == null || bytes.length == 0) {
            throw ApiProblem.badRequest("case.photo.empty", "the photo is empty");
        }
        checkSize(bytes.length);
        String type = PhotoSniffer.contentType(bytes);
        if (type == null) {
            throw new ApiProblem(415, "case.photo.type", "the file is not a JPEG, PNG or WebP image");
        }
        // Locked: two uploads at once cannot both pass the count below.
        CaseRow c = cases.findForUpdate(caseId).orElseThrow(() -> CaseViews.notFound(caseId));
        if (caller.handlerOnly() && !caller.department().equals(c.department)) throw CaseViews.notFound(caseId);
        if (c.status.terminal()) {
            throw ApiProblem.conflict("case.closed.immutable", "case " + c.number + " is " + c.status.key()
                    + " and takes no more changes", c.number, c.status.ordinal());
        }
        var parties = caller.partiesFor(c);
        switch (kind) {
            case "after" -> need(parties.contains(CaseWorkflow.Party.HANDLER), c.status == CaseStatus.DISPATCHED, kind, c);
            case "verify" -> need(parties.contains(CaseWorkflow.Party.VERIFIER), c.status == CaseStatus.HANDLED, kind, c);
            default -> need(caller.dispatcher() || caller.roles().contains(Role.VECTOR_CONTROL)
                    || parties.contains(CaseWorkflow.Party.VERIFIER), true, kind, c);
        }
        if (cases.waitingPhotos(caseId, kind) >= settings.maxWaitingPhotos()) {
            throw ApiProblem.conflict("case.photo.tooMany", "the case already has " + settings.maxWaitingPhotos() + " "
                    + kind + " photos; no more can be added", settings.maxWaitingPhotos(), kind);
        }
        Instant now = Instant.now(clock);
        long id = cases.insertPhoto(caseId, kind, type, bytes, caller.username(), now);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("caseId", caseId);
        m.put("kind", kind);
        m.put("contentType", type);
        m.put("sizeBytes", bytes.length);
        m.put("url", "/api/cases/" + caseId + "/photos/" + id);
        return m;
    }

    @Transactional(readOnly = true)
    public Cases.PhotoBytes photo(long caseId, long photoId) {
        CaseCaller caller = callers.current();
        CaseRow c = cases.find(caseId).orElseThrow(() -> CaseViews.notFound(caseId));
        if (caller.handlerOnly() && !caller.department().equals(c.department)) throw CaseViews.notFound(caseId);
        return cases.photo(caseId, photoId).orElseThrow(() -> ApiProblem.notFound("case.photo.notFound",
                "case " + caseId + " has no photo " + photoId, caseId, photoId));
    }

    private static void need(boolean party, boolean state, String kind, CaseRow c) {
        if (!party) {
            throw new ApiProblem(403, "case.photo.role", "you may not add a " + kind + " photo to case " + c.number,
                    kind, c.number);
        }
        if (!state) {
            throw ApiProblem.conflict("case.photo.state", "a " + kind + " photo cannot be added while the case is "
                    + c.status.key(), kind, c.status.ordinal());
        }
    }
}

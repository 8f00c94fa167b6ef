package org.gridwatch.open311;

import java.util.List;
import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Admins issue and revoke Open311 API keys (under /api/admin: admin only, see SecurityConfig). */
@RestController
class Open311KeyController {

    private final Open311Keys keys;

    Open311KeyController(Open311Keys keys) {
        this.keys = keys;
    }

    @GetMapping("/api/admin/open311-keys")
    List<Map<String, Object>> list() {
        return keys.list().stream().map(Open311Keys.KeyView::json).toList();
    }

    record IssueBody(String name) {
    }

    /** 201 with the key itself: shown this once, only its hash is kept. */
    @PostMapping("/api/admin/open311-keys")
    ResponseEntity<Map<String, Object>> issue(@RequestBody IssueBody body) {
        Open311Keys.Issued issued = keys.issue(body.name());
        Map<String, Object> m = issued.view().json();
        m.put("key", issued.key());
        return ResponseEntity.status(201).body(m);
    }

    @DeleteMapping("/api/admin/open311-keys/{id}")
    Map<String, Object> revoke(@PathVariable long id) {
        return keys.revoke(id).json();
    }
}

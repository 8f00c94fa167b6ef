package org.gridwatch.basemap;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/base-maps/tianditu-key}: GET whether a key is set (and the key: the page puts it into every
 * tile request anyway), PUT {@code {"key": "..."}} to set it, DELETE to clear it. Writes are the admin's
 * (SecurityConfig's default rule for writes).
 */
@RestController
class BaseMapController {

    private final BaseMapService service;

    BaseMapController(BaseMapService service) {
        this.service = service;
    }

    @GetMapping("/api/base-maps/tianditu-key")
    Map<String, Object> get() {
        return view(service.tiandituKey().orElse(null));
    }

    @PutMapping("/api/base-maps/tianditu-key")
    Map<String, Object> put(@RequestBody(required = false) Map<String, Object> body) {
        Object key = body == null ? null : body.get("key");
        // A missing or non-text key is refused like a malformed one.
        return view(service.setTiandituKey(key instanceof String text ? text : null).orElse(null));
    }

    @DeleteMapping("/api/base-maps/tianditu-key")
    Map<String, Object> delete() {
        return view(service.clearTiandituKey().orElse(null));
    }

    private static Map<String, Object> view(String key) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("set", key != null);
        out.put("key", key);
        return out;
    }
}

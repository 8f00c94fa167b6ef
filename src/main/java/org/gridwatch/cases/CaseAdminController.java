package org.gridwatch.cases;

import java.util.List;
import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The tables districts edit: case classes, departments, the work calendar (writes: admins, see SecurityConfig). */
@RestController
class CaseAdminController {

    private final CaseAdmin admin;

    CaseAdminController(CaseAdmin admin) {
        this.admin = admin;
    }

    @GetMapping("/api/case-classes")
    List<Map<String, Object>> classes() {
        return admin.classes();
    }

    @PutMapping("/api/case-classes/{code}")
    Map<String, Object> saveClass(@PathVariable String code, @RequestBody CaseClass body) {
        return admin.saveClass(code, body);
    }

    @GetMapping("/api/departments")
    List<Map<String, Object>> departments() {
        return admin.departments();
    }

    @PutMapping("/api/departments/{code}")
    Map<String, Object> saveDepartment(@PathVariable String code, @RequestBody Department body) {
        return admin.saveDepartment(code, body);
    }

    @GetMapping("/api/work-calendar")
    Map<String, Object> calendar(@RequestParam(required = false) Integer year) {
        return admin.calendar(year);
    }

    @PutMapping("/api/work-calendar")
    Map<String, Object> saveHours(@RequestBody CaseAdmin.HoursRequest body) {
        return admin.saveHours(body);
    }

    @PutMapping("/api/work-calendar/days/{day}")
    Map<String, Object> saveDay(@PathVariable String day, @RequestBody CaseAdmin.DayRequest body) {
        return admin.saveDay(day, body);
    }

    @DeleteMapping("/api/work-calendar/days/{day}")
    ResponseEntity<Void> deleteDay(@PathVariable String day) {
        admin.deleteDay(day);
        return ResponseEntity.noContent().build();
    }
}

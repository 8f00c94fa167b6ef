package org.gridwatch.system;

import org.gridwatch.account.FirstAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Tells the person who started the service where to open it. */
@Component
class StartupBanner {

    private static final Logger log = LoggerFactory.getLogger(StartupBanner.class);

    private final FirstAdmin firstAdmin;

    StartupBanner(FirstAdmin firstAdmin) {
        this.firstAdmin = firstAdmin;
    }

    /** The last lines of the start: where to open the map and how to sign in (the password of a new store's admin included). */
    @EventListener
    void ready(ApplicationReadyEvent event) {
        Environment env = event.getApplicationContext().getEnvironment();
        String port = env.getProperty("local.server.port", env.getProperty("server.port", "8080"));
        String line = "gridwatch is ready: open http://localhost:" + port + "/ and " + firstAdmin.signInHint()
                + "  (API docs: http://localhost:" + port + "/swagger-ui.html)";
        log.info("gridwatch is ready on port {}", port);
        System.out.println(line);
    }
}

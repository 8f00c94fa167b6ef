package org.gridwatch.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.gridwatch.feature.FeaturesChanged;
import org.gridwatch.grid.GridsChanged;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Makes writes committed by one instance visible to the caches of every other instance on the
 * same PostGIS, within a fraction of a second.
 *
 * <p>Sending: each local {@link FeaturesChanged}/{@link GridsChanged} is published inside the writing
 * transaction; this sends {@code pg_notify} on that same transaction, and PostgreSQL delivers
 * notifications only when (and if) the transaction commits, so a rolled-back write announces nothing.
 *
 * <p>Receiving: one dedicated connection (outside the pool, so it never holds a pool slot) LISTENs
 * on the channel; a message from another instance is published here as the same Spring event with
 * {@code remote = true}, outside any transaction. Listeners that only refresh caches react as to a
 * local change; listeners that write (grid-code reassignment) skip remote events, since the sender
 * already wrote. When the connection drops it is reopened and every cache is told "anything may
 * have changed", because notifications sent meanwhile are lost.
 *
 * <p>On H2 (one embedded instance by nature) and with {@code gridwatch.cluster.change-feed=false}
 * nothing is sent or received: local events already reach the local caches.
 */
@Component
class ChangeFeed implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ChangeFeed.class);
    /** How long one wait for notifications blocks before the loop checks whether it should stop. */
    private static final int POLL_MILLIS = 500;
    private static final long RECONNECT_DELAY_MILLIS = 1_000;

    private final JdbcTemplate jdbc;
    private final ApplicationEventPublisher events;
    private final DataSource dataSource;
    /** null until first used when it is the connection's schema's (see the constructor) */
    private volatile String channel;
    private final boolean active;
    private final String url;
    private final String user;
    private final String password;
    private final String instanceId = UUID.randomUUID().toString();
    private final AtomicLong received = new AtomicLong();
    private volatile boolean running;
    private volatile Thread listener;
    private volatile Connection connection;

    ChangeFeed(DataSource dataSource, JdbcTemplate jdbc, ApplicationEventPublisher events, Environment env,
               @Value("${gridwatch.cluster.change-feed:true}") boolean enabled,
               @Value("${gridwatch.cluster.channel:}") String channel) {
        this.jdbc = jdbc;
        this.events = events;
        if (!channel.isBlank() && !ChangeChannel.isPlainName(channel)) {
            throw new IllegalArgumentException("gridwatch.cluster.channel must be a plain lower-case SQL name: " + channel);
        }
        this.active = enabled && isPostgres(dataSource);
        this.dataSource = dataSource;
        // Unset: the channel of the schema the instance works in, so that only instances of one schema hear
        // each other. Flyway's schema when configured; else the connection's, read at first use (start or first
        // write), after Flyway has made the schema: read now, a new schema would not exist yet and all
        // instances but the first would take another channel.
        String flywaySchema = env.getProperty("spring.flyway.default-schema", "");
        this.channel = !channel.isBlank() ? channel : !active ? ChangeChannel.DEFAULT
                : !flywaySchema.isBlank() ? ChangeChannel.forSchema(flywaySchema) : null;
        if (dataSource instanceof HikariDataSource h) {
            this.url = h.getJdbcUrl();
            this.user = h.getUsername();
            this.password = h.getPassword();
        } else {
            this.url = env.getProperty("spring.datasource.url");
            this.user = env.getProperty("spring.datasource.username");
            this.password = env.getProperty("spring.datasource.password");
        }
    }

    private static boolean isPostgres(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return "PostgreSQL".equalsIgnoreCase(c.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the database to choose the change feed", e);
        }
    }

    private static String currentSchema(DataSource dataSource) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT current_schema()")) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the schema to choose the change channel", e);
        }
    }

    /** The NOTIFY channel this instance sends and listens on. */
    String channel() {
        String c = channel;
        if (c == null) {
            synchronized (this) {
                if (channel == null) channel = ChangeChannel.forSchema(currentSchema(dataSource));
                c = channel;
            }
        }
        return c;
    }

    /** Whether this instance sends and receives changes (PostGIS and not switched off). */
    boolean active() {
        return active;
    }

    /** This instance's id, as other instances see it in messages. */
    String instanceId() {
        return instanceId;
    }

    /** Changes from other instances relayed so far (for tests and diagnostics). */
    long receivedCount() {
        return received.get();
    }

    @EventListener(condition = "!#event.remote")
    void onFeaturesChanged(FeaturesChanged event) {
        send(new ChangeMessage(instanceId, ChangeMessage.Kind.FEATURES, event.area(), event.countChanges()));
    }

    @EventListener(condition = "!#event.remote")
    void onGridsChanged(GridsChanged event) {
        send(new ChangeMessage(instanceId, ChangeMessage.Kind.GRIDS, event.area()));
    }

    private void send(ChangeMessage message) {
        if (!active) return;
        // Runs on the writer's transaction (events are published inside it): delivered at commit only.
        jdbc.queryForList("SELECT pg_notify(?, ?)", channel(), message.encode());
        log.debug("change feed: sent {}", message);
    }

    @Override
    public void start() {
        if (!active || running) return;
        running = true;
        Thread t = new Thread(this::listen, "change-feed");
        t.setDaemon(true);
        listener = t;
        try {
            // The first LISTEN before start() returns: a write made right after startup is not missed.
            connection = openListening();
        } catch (SQLException e) {
            log.warn("change feed: cannot LISTEN yet ({}); retrying in the background", e.getMessage());
        }
        t.start();
    }

    private Connection openListening() throws SQLException {
        Connection c = DriverManager.getConnection(url, user, password);
        try (Statement st = c.createStatement()) {
            st.execute("LISTEN " + channel());
        }
        return c;
    }

    private void listen() {
        boolean missedSome = false;
        while (running) {
            try {
                if (connection == null) {
                    connection = openListening();
                    if (missedSome) {
                        // Notifications sent while we were away are gone: every cache starts over.
                        relay(new ChangeMessage("reconnect", ChangeMessage.Kind.GRIDS, ChangeMessage.WORLD));
                        relay(new ChangeMessage("reconnect", ChangeMessage.Kind.FEATURES, ChangeMessage.WORLD));
                    }
                    log.info("change feed: listening on channel {}", channel());
                }
                PGNotification[] batch = connection.unwrap(PGConnection.class).getNotifications(POLL_MILLIS);
                if (batch == null) continue;
                for (PGNotification n : batch) {
                    ChangeMessage m = ChangeMessage.decode(n.getParameter());
                    if (m != null && !m.origin().equals(instanceId)) {
                        relay(m);
                    }
                }
            } catch (SQLException e) {
                if (!running) break;
                log.warn("change feed: connection lost ({}); reconnecting", e.getMessage());
                closeQuietly();
                missedSome = true;
                sleep();
            } catch (RuntimeException e) {
                // A failing cache listener must not stop the feed for the others.
                log.error("change feed: a listener failed on a remote change", e);
            }
        }
        closeQuietly();
    }

    private void relay(ChangeMessage m) {
        received.incrementAndGet();
        log.debug("change feed: relaying {}", m);
        if (m.kind() == ChangeMessage.Kind.FEATURES) {
            events.publishEvent(new FeaturesChanged(m.area(), true, m.counts()));
        } else {
            events.publishEvent(new GridsChanged(m.area(), true));
        }
    }

    private void sleep() {
        try {
            Thread.sleep(RECONNECT_DELAY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private void closeQuietly() {
        Connection c = connection;
        connection = null;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing a broken connection: nothing left to do
            }
        }
    }

    @Override
    public void stop() {
        running = false;
        Thread t = listener;
        if (t != null) {
            try {
                t.join(POLL_MILLIS * 4L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}

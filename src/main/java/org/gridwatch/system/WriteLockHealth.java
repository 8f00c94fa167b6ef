package org.gridwatch.system;

import java.time.Duration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Health of the embedded store's writes: DOWN while one write transaction has held the store's write
 * lock (see {@link EmbeddedStoreWrites}) longer than {@code gridwatch.health.max-write-lock-hold}, since
 * every other write waits for it and the service, though answering reads, cannot store anything. The
 * load balancer's probe then sees what the users see. Always UP on PostGIS, which has no such lock.
 */
@Component("writeLock")
class WriteLockHealth implements HealthIndicator {

    private final ObjectProvider<PlatformTransactionManager> transactions;
    private final Duration maxHold;

    WriteLockHealth(ObjectProvider<PlatformTransactionManager> transactions,
                    @Value("${gridwatch.health.max-write-lock-hold:PT60S}") Duration maxHold) {
        this.transactions = transactions;
        this.maxHold = maxHold;
    }

    @Override
    public Health health() {
        if (!(transactions.getIfUnique() instanceof EmbeddedStoreWrites writes)) return Health.up().build();
        Duration held = writes.writeLockHeld();
        Health.Builder health = held.compareTo(maxHold) > 0 ? Health.down() : Health.up();
        return health.withDetail("writeLockHeldSeconds", held.toSeconds())
                .withDetail("maxWriteLockHoldSeconds", maxHold.toSeconds()).build();
    }
}

package org.mobileworship.livecontrol.testkit;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link ManualScheduler} that moves itself forward while each test runs, for contract runs whose plugin timers
 * are on fake time but whose network stays real. Register it and hand it the contract's context hook:
 *
 * <pre>{@code
 * @RegisterExtension
 * final DrivenFakeTime time = DrivenFakeTime.moving(Duration.ofMillis(50), Duration.ofMillis(5));
 *
 * @Override
 * protected TestContext.Builder context(TestContext.Builder builder) {
 *     return time.apply(builder);
 * }
 * }</pre>
 */
public final class DrivenFakeTime implements BeforeEachCallback, AfterEachCallback {
    private final ManualScheduler time = new ManualScheduler(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
    private final Duration step;
    private final Duration every;
    private ManualScheduler.Driver driver;

    private DrivenFakeTime(Duration step, Duration every) {
        this.step = step;
        this.every = every;
    }

    /** Fake time that advances by {@code step} every {@code every} of real time during each test. */
    public static DrivenFakeTime moving(Duration step, Duration every) {
        return new DrivenFakeTime(step, every);
    }

    /** The context on this fake time: its scheduler and its clock. */
    public TestContext.Builder apply(TestContext.Builder builder) {
        return builder.scheduler(time).clock(time.clock());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        driver = time.drive(step, every);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        driver.close();
        time.shutdownNow();
    }
}

package dev.ferry.conversion.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.ferry.conversion.config.ConversionConfig;
import dev.ferry.disk.convert.Throttle;

/** The one read-rate limit every conversion of this worker shares ({@code ferry.conversion.throttle-mb-per-second}). */
@ApplicationScoped
public class WorkerThrottle {

    private static final double BYTES_PER_MB = 1_000_000;

    private final Throttle throttle;
    private final double megabytesPerSecond;

    @Inject
    public WorkerThrottle(ConversionConfig config) {
        this.megabytesPerSecond = Math.max(0, config.throttleMbPerSecond());
        this.throttle = megabytesPerSecond == 0 ? Throttle.unlimited()
                : Throttle.bytesPerSecond(Math.max(1, (long) (megabytesPerSecond * BYTES_PER_MB)));
    }

    public Throttle throttle() {
        return throttle;
    }

    /** The limit in MB/s; 0 for none. */
    public double megabytesPerSecond() {
        return megabytesPerSecond;
    }
}

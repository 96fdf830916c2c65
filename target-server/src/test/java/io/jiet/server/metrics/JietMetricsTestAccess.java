package io.jiet.server.metrics;

import java.util.Optional;

/** Reads samples from an exposition, for tests outside this package. */
public final class JietMetricsTestAccess {
    private JietMetricsTestAccess() {
    }

    public static Optional<Double> sample(String exposition, String name, String labels) {
        return JietMetricsTest.sample(exposition, name, labels);
    }
}

/**
 * Prometheus metrics for {@code jietd --metrics ADDRESS:PORT} (off by default): see
 * {@link io.jiet.server.metrics.JietMetrics} for the names. Per-LUN counts come from wrapping each logical unit
 * ({@link io.jiet.server.metrics.MeteredLogicalUnit}), so the SCSI and session code need no metrics calls;
 * sessions and connections are read from the session registry and the connections the network layer reports;
 * login failures are reported through {@link io.jiet.server.target.ConnectionObserver}.
 */
package io.jiet.server.metrics;

/**
 * Measuring releases: the DORA metrics of production deployments (frequency, lead time for changes, change failure
 * rate, time to restore) and relman's own meters for Prometheus (releases by status, step durations, rollbacks).
 */
package org.relman.metrics;

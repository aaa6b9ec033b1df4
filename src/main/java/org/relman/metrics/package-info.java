/** DORA metrics of production deployments: frequency, lead time for changes, change failure rate, time to restore. */
package org.relman.metrics;

/**
 * The release lifecycle's wiring: requesting a release starts its model, cancelling sends the model its message, the
 * model moves the release's status and reads its plan (the
 * {@code releasePlan} bean: gates, approvals, environments, planned start).
 */
package org.relman.lifecycle;

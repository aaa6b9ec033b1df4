/**
 * The release lifecycle's wiring: requesting a release starts its model, cancelling sends the model its message, the
 * model moves the release's status and reads its plan ({@code ${releasePlan...}}: gates, approvals, environments,
 * planned start).
 */
package org.relman.lifecycle;

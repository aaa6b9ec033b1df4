/**
 * What relman shows about releases, read from every capability's records and the engine: the release view and list,
 * and the evidence bundle, built from one set of parts ({@link org.relman.view.ReleaseParts}).
 */
package org.relman.view;

/** Watching an environment after a deployment: the health URL, PromQL checks during the soak, breaches. */
package org.relman.monitor;

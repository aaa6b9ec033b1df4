/** CI gates: signed reports from CI, the waits in the model, timeouts and the release manager's decision on failures. */
package org.relman.gate;

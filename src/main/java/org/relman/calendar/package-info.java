/** What ships when: release windows, freeze windows (one-off and recurring) and the conflicts between them. */
package org.relman.calendar;

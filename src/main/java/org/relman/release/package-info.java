/** What a release is and where it stands: request, view, status, cancel, and the plan the model reads. */
package org.relman.release;

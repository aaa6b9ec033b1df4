/** What every capability shares: how instants are stored, and the refusals the HTTP layer answers as problems. */
package org.relman.shared;

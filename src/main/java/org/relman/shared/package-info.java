/**
 * What every capability shares: how instants are stored, the refusals the HTTP layer answers as problems, and how text
 * people wrote is shown in Markdown.
 */
package org.relman.shared;

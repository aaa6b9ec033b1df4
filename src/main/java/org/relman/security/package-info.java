/** Who may do what: logins against the engine's identity service, API and calendar feed tokens, role rules, webhook signatures, engine grants. */
package org.relman.security;

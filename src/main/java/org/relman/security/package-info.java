/** Who may do what: logins against the engine's identity service, role rules, webhook signatures, engine grants. */
package org.relman.security;

/** HTTP plumbing shared by every API: problem details, request limits, the OpenAPI page. */
package org.relman.http;

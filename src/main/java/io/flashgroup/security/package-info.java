/** JWT resource server, roles, and the dev-only token endpoint. */
@NullMarked
package io.flashgroup.security;

import org.jspecify.annotations.NullMarked;

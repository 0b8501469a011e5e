/** Cross-cutting pieces: Redis scripts, server clock, money and problem responses. */
@NullMarked
package io.flashgroup.shared;

import org.jspecify.annotations.NullMarked;

/** Operations: health of the outbox. */
@NullMarked
package io.flashgroup.ops;

import org.jspecify.annotations.NullMarked;

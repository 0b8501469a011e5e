/** Operations: health of the outbox, reconciliation of Redis against PostgreSQL. */
@NullMarked
package io.flashgroup.ops;

import org.jspecify.annotations.NullMarked;

/**
 * A Redis that lost its data is not taken for the truth: campaigns PostgreSQL says are
 * still running but Redis has no state for are detected and their hot state rebuilt from
 * the record.
 */
@NullMarked
package io.flashgroup.recovery;

import org.jspecify.annotations.NullMarked;

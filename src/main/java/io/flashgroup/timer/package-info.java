/** The timer worker that applies due pay-window expiries and phase changes. */
@NullMarked
package io.flashgroup.timer;

import org.jspecify.annotations.NullMarked;

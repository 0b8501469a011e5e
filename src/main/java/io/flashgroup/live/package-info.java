/**
 * Live updates: one Redis subscription per watched topic, conflated, fanned out over
 * WebSocket and SSE.
 */
@NullMarked
package io.flashgroup.live;

import org.jspecify.annotations.NullMarked;

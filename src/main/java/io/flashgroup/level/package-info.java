/**
 * Sharer levels: an append-only experience ledger (sharing, friends' claims, friends'
 * purchases; refunds reversed), and the levels its settled experience reaches.
 */
@NullMarked
package io.flashgroup.level;

import org.jspecify.annotations.NullMarked;

/**
 * Giveaways (免费送): entries weighted by level, a draw anyone can re-run from what is
 * published (seed committed by its hash at creation), and the winners' prizes.
 */
@NullMarked
package io.flashgroup.giveaway;

import org.jspecify.annotations.NullMarked;

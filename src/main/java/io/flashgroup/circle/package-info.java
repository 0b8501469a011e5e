/**
 * The shopping circle: posts sharing a paid order with friends, claims of their coupons,
 * the feed and search over what a shopper's friends (and their friends) shared, live
 * topics, and the circle outbox flusher.
 */
@NullMarked
package io.flashgroup.circle;

import org.jspecify.annotations.NullMarked;

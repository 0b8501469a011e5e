/**
 * Group buys (拼团): a shopper opens a group at the group price, friends join until it is
 * full before its deadline; a full group settles, an expired one is refunded.
 */
@NullMarked
package io.flashgroup.groupbuy;

import org.jspecify.annotations.NullMarked;

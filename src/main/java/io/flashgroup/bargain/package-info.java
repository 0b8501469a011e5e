/**
 * Bargains (砍价, "help me cut"): a shopper starts a session and shares it; friends each
 * cut the price once, live, until it reaches the floor.
 */
@NullMarked
package io.flashgroup.bargain;

import org.jspecify.annotations.NullMarked;

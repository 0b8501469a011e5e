/**
 * Chat around a coupon: a thread per circle post, readable and writable by whoever can
 * see the post and its sharer, stored in PostgreSQL before it is pushed on
 * {@code chat:<postId>}.
 */
@NullMarked
package io.flashgroup.chat;

import org.jspecify.annotations.NullMarked;

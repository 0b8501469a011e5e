/** Orders: payment, lookup, and the outbox flusher that writes them to PostgreSQL. */
@NullMarked
package io.flashgroup.order;

import org.jspecify.annotations.NullMarked;

/**
 * Per-user and per-IP token buckets in Redis on write endpoints: 429 with Retry-After.
 */
@NullMarked
package io.flashgroup.ratelimit;

import org.jspecify.annotations.NullMarked;

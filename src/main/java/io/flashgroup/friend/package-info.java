/**
 * Friends of the shopping circle: invitations (by user id or invite code), the mutual
 * friendships and blocks in PostgreSQL, their Redis cache, and {@link Reach}: who sees
 * whom (friends and friends of friends).
 */
@NullMarked
package io.flashgroup.friend;

import org.jspecify.annotations.NullMarked;

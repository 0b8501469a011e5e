package io.flashgroup.friend;

import java.time.Duration;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Limits against abuse of the friend graph. "Per day" is a rolling 24 hours.
 *
 * @param invitationsPerDay invitations by user id one shopper may send per day
 * @param inviteCodesPerDay invite codes one shopper may create per day
 * @param redemptionsPerCode how many shoppers may redeem one invite code
 * @param codeLifetime how long an invite code can be redeemed
 * @param maxFriends friends a shopper may have; a new friendship beyond it is refused
 * @param cacheTtl how long a shopper's cached friend list lives without a change (it is
 * invalidated on every change; the TTL bounds staleness if an invalidation is lost)
 */
@Validated
@ConfigurationProperties("flashgroup.friends")
record FriendProperties(@DefaultValue("50") @Min(1) int invitationsPerDay,
		@DefaultValue("10") @Min(1) int inviteCodesPerDay, @DefaultValue("20") @Min(1) int redemptionsPerCode,
		@DefaultValue("7d") Duration codeLifetime, @DefaultValue("1000") @Min(1) int maxFriends,
		@DefaultValue("10m") Duration cacheTtl) {
}

package io.flashgroup.giveaway;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A giveaway as stored. The seed is secret while it is OPEN: only {@link #seedHash()} is
 * ever shown before the draw.
 *
 * @param id giveaway id
 * @param sellerId the owning seller, null for a platform (OPS) giveaway
 * @param sku product given away
 * @param title product title
 * @param winners how many units (winners) are drawn
 * @param opensAt entries accepted from
 * @param closesAt entries accepted until (exclusive); the draw follows
 * @param minLevel the lowest level that may enter
 * @param levelWeights weight of level L: {@code levelWeights[min(L, last)]}
 * @param seed 32 random bytes, chosen at creation
 * @param seedHash hex SHA-256 of the seed, published at creation
 * @param status OPEN or DRAWN
 * @param entrants how many shoppers entered
 * @param drawnAt when the draw was stored
 * @param claimBy winners claim their prize before this
 */
record Giveaway(long id, @Nullable String sellerId, String sku, String title, int winners, Instant opensAt,
		Instant closesAt, int minLevel, List<Integer> levelWeights, byte[] seed, String seedHash, String status,
		int entrants, @Nullable Instant drawnAt, @Nullable Instant claimBy) {

	/** The weight an entrant of {@code level} gets. */
	int weightOf(int level) {
		return this.levelWeights.get(Math.min(level, this.levelWeights.size() - 1));
	}

	/** The same giveaway with {@code entrants} entered. */
	Giveaway withEntrants(int entrants) {
		return new Giveaway(this.id, this.sellerId, this.sku, this.title, this.winners, this.opensAt, this.closesAt,
				this.minLevel, this.levelWeights, this.seed, this.seedHash, this.status, entrants, this.drawnAt,
				this.claimBy);
	}

	boolean drawn() {
		return "DRAWN".equals(this.status);
	}

	/**
	 * The seq of its live topic: the entrant count, one more once drawn (no entry follows
	 * the draw), so every change advances it.
	 */
	long seq() {
		return this.entrants + (drawn() ? 1L : 0L);
	}

}

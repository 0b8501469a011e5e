package io.flashgroup.giveaway;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A giveaway as anyone sees it: its terms, the live entrant count, the seed's hash, and
 * after the draw what re-runs it ({@link DrawView}). Never a user id: entrants appear by
 * pseudonym. The {@code you*} fields are for the signed-in caller (null without a token).
 *
 * @param id giveaway id
 * @param sku product given away
 * @param title product title
 * @param platform true for a platform (OPS) giveaway, false for a seller's
 * @param winners units given: winners drawn
 * @param opensAt entries accepted from
 * @param closesAt entries accepted until (exclusive)
 * @param minLevel the lowest level that may enter
 * @param levelWeights weight of level L: {@code levelWeights[min(L, last)]}
 * @param status OPEN (until the draw, also after the close) or DRAWN
 * @param entrants shoppers entered
 * @param seedHash hex SHA-256 of the secret seed, published at creation
 * @param youEntered whether the caller entered
 * @param yourEntrant the caller's pseudonym in this giveaway
 * @param youWon whether the caller won (null before the draw)
 * @param yourPrize the caller's prize, WON, CLAIMED or LAPSED (null unless they won)
 * @param draw the draw, null until it happened
 */
record GiveawayView(long id, String sku, String title, boolean platform, int winners, Instant opensAt, Instant closesAt,
		int minLevel, List<Integer> levelWeights, String status, int entrants, String seedHash,
		@Nullable Boolean youEntered, @Nullable String yourEntrant, @Nullable Boolean youWon,
		@Nullable String yourPrize, @Nullable DrawView draw) {

	/**
	 * The terms and counters, without the draw or the caller's part (lists, creation).
	 */
	static GiveawayView of(Giveaway giveaway) {
		return new GiveawayView(giveaway.id(), giveaway.sku(), giveaway.title(), giveaway.sellerId() == null,
				giveaway.winners(), giveaway.opensAt(), giveaway.closesAt(), giveaway.minLevel(),
				giveaway.levelWeights(), giveaway.status(), giveaway.entrants(), giveaway.seedHash(), null, null, null,
				null, null);
	}

	/**
	 * What re-runs the draw: {@code Draw.winners(seed, entries, winners)} names
	 * {@code winners} in this order.
	 *
	 * @param seed the seed, hex (its SHA-256 is the giveaway's seedHash)
	 * @param drawnAt when the draw was stored
	 * @param claimBy winners claim their prize before this
	 * @param entries every entry at the close, by pseudonym
	 * @param winners the winners' pseudonyms, best key first
	 */
	record DrawView(String seed, Instant drawnAt, Instant claimBy, List<EntryView> entries, List<String> winners) {
	}

	/**
	 * One published entry.
	 *
	 * @param entrant hex SHA-256(giveawayId + ":" + userId)
	 * @param weight the weight frozen at entry
	 */
	record EntryView(String entrant, int weight) {
	}

}

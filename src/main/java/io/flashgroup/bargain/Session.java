package io.flashgroup.bargain;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * One version of a bargain session, as the Lua scripts write it
 * ({@code bargain_lib.lua}).
 *
 * @param id session id (UUIDv7 carrying the campaign id)
 * @param campaignId the bargain campaign
 * @param ownerId the shopper who started it
 * @param ownerName their display name
 * @param status OPEN, COMPLETED (at the floor), PURCHASED, EXPIRED or CANCELLED
 * @param listPrice start price
 * @param floorPrice price after every cut
 * @param currentPrice price now
 * @param currency currency
 * @param cutsLeft cuts still to make
 * @param helpersNeeded cuts in all
 * @param deadline epoch ms
 * @param cuts the cuts so far, in order
 * @param lastHelper display name of the latest helper
 * @param orderId the purchase's order, once bought
 * @param version bumped by every change; the live topic's seq
 * @param createdAt epoch ms
 * @param updatedAt epoch ms
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record Session(String id, long campaignId, String ownerId, String ownerName, String status, long listPrice,
		long floorPrice, long currentPrice, String currency, int cutsLeft, int helpersNeeded, long deadline,
		List<Cut> cuts, @Nullable String lastHelper, @Nullable String orderId, int version, long createdAt,
		long updatedAt) {

	static String topic(String id) {
		return "bargain:" + id;
	}

	View toView() {
		return new View(this.id, this.campaignId, this.ownerId, this.ownerName, this.status, this.listPrice,
				this.floorPrice, this.currentPrice, this.currency, this.helpersNeeded - this.cutsLeft, this.cutsLeft,
				Instant.ofEpochMilli(this.deadline), this.cuts.stream().map(Cut::toView).toList(), this.lastHelper,
				topic(this.id));
	}

	/**
	 * One cut.
	 *
	 * @param helperId the helper
	 * @param name their display name
	 * @param amount minor units cut
	 * @param priceAfter the price after it
	 * @param at epoch ms
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Cut(String helperId, String name, long amount, long priceAfter, long at) {

		CutView toView() {
			return new CutView(this.name, this.amount, this.priceAfter, Instant.ofEpochMilli(this.at));
		}

	}

	/**
	 * The session's live topic state: the same fields as {@link View}, times in epoch ms
	 * as every topic sends them, plus {@code seq}. The scripts publish the same form
	 * ({@code public_session} in {@code bargain_lib.lua}).
	 */
	Public toPublic() {
		return new Public(this.id, this.campaignId, this.ownerId, this.ownerName, this.status, this.listPrice,
				this.floorPrice, this.currentPrice, this.currency, this.helpersNeeded - this.cutsLeft, this.cutsLeft,
				this.deadline,
				this.cuts.stream().map((c) -> new PublicCut(c.name(), c.amount(), c.priceAfter(), c.at())).toList(),
				this.lastHelper, topic(this.id), this.version);
	}

	/** What anyone may see of a session: helpers by display name only. */
	record View(String id, long campaignId, String ownerId, String ownerName, String status, long listPrice,
			long floorPrice, long currentPrice, String currency, int cutsMade, int cutsLeft, Instant deadline,
			List<CutView> cuts, @Nullable String lastHelper, String topic) {
	}

	record CutView(String name, long amount, long priceAfter, Instant at) {
	}

	/** {@link View} as the live topic sends it. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Public(String id, long campaignId, String ownerId, String ownerName, String status, long listPrice,
			long floorPrice, long currentPrice, String currency, int cutsMade, int cutsLeft, long deadline,
			List<PublicCut> cuts, @Nullable String lastHelper, String topic, long seq) {

		/** The REST view of the same state. */
		View toView() {
			return new View(this.id, this.campaignId, this.ownerId, this.ownerName, this.status, this.listPrice,
					this.floorPrice, this.currentPrice, this.currency, this.cutsMade, this.cutsLeft,
					Instant.ofEpochMilli(this.deadline),
					this.cuts.stream()
						.map((c) -> new CutView(c.name(), c.amount(), c.priceAfter(), Instant.ofEpochMilli(c.at())))
						.toList(),
					this.lastHelper, this.topic);
		}

	}

	record PublicCut(String name, long amount, long priceAfter, long at) {
	}

}

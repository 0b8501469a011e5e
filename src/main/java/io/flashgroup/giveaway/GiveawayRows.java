package io.flashgroup.giveaway;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

import io.flashgroup.shared.ProblemException;
import io.r2dbc.spi.Readable;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/** Reads of the giveaway tables. */
@Component
class GiveawayRows {

	static final String COLUMNS = "id, seller_id, sku, title, winners, opens_at, closes_at, min_level, level_weights,"
			+ " seed, seed_hash, status, entrants, drawn_at, claim_by";

	private final DatabaseClient db;

	GiveawayRows(DatabaseClient db) {
		this.db = db;
	}

	/** The giveaway, or a 404 not-found problem. */
	Mono<Giveaway> find(long id) {
		return this.db.sql("SELECT " + COLUMNS + " FROM giveaways WHERE id = $1")
			.bind(0, id)
			.map(GiveawayRows::giveaway)
			.one()
			.switchIfEmpty(Mono.error(() -> ProblemException.notFound("Giveaway " + id)));
	}

	/** The newest giveaways of a status. */
	Flux<Giveaway> list(String status, int limit) {
		return this.db.sql("SELECT " + COLUMNS + " FROM giveaways WHERE status = $1 ORDER BY id DESC LIMIT $2")
			.bind(0, status)
			.bind(1, limit)
			.map(GiveawayRows::giveaway)
			.all();
	}

	/** The shopper's entry, if they entered. */
	Mono<Entered> entry(long giveawayId, String userId) {
		return this.db
			.sql("SELECT pseudonym, level, weight, entered_at FROM giveaway_entries"
					+ " WHERE giveaway_id = $1 AND user_id = $2")
			.bind(0, giveawayId)
			.bind(1, userId)
			.map((row) -> new Entered(giveawayId, text(row, "pseudonym"), integer(row, "level"), integer(row, "weight"),
					instant(row, "entered_at")))
			.one();
	}

	/** The entries as the draw reads and publishes them, by pseudonym. */
	Flux<Draw.Entry> entries(long giveawayId) {
		return this.db.sql("SELECT pseudonym, weight FROM giveaway_entries WHERE giveaway_id = $1 ORDER BY pseudonym")
			.bind(0, giveawayId)
			.map((row) -> new Draw.Entry(text(row, "pseudonym"), integer(row, "weight")))
			.all();
	}

	/** The winners' pseudonyms, best key first. */
	Flux<String> winners(long giveawayId) {
		return this.db.sql("SELECT pseudonym FROM giveaway_winners WHERE giveaway_id = $1 ORDER BY rank")
			.bind(0, giveawayId)
			.map((row) -> text(row, "pseudonym"))
			.all();
	}

	/**
	 * The shopper's prize, if they won: WON reads as LAPSED once the claim window passed,
	 * by PostgreSQL's clock, the one the claim checks.
	 */
	Mono<Prize> prize(Giveaway giveaway, String userId) {
		return this.db
			.sql("SELECT w.pseudonym, CASE WHEN w.status = 'WON' AND now() >= g.claim_by THEN 'LAPSED'"
					+ " ELSE w.status END AS status, w.claimed_at, g.claim_by FROM giveaway_winners w"
					+ " JOIN giveaways g ON g.id = w.giveaway_id WHERE w.giveaway_id = $1 AND w.user_id = $2")
			.bind(0, giveaway.id())
			.bind(1, userId)
			.map((row) -> new Prize(giveaway.id(), text(row, "pseudonym"), text(row, "status"),
					instant(row, "claim_by"), nullableInstant(row, "claimed_at")))
			.one();
	}

	static Giveaway giveaway(Readable row) {
		Integer[] weights = row.get("level_weights", Integer[].class);
		byte[] seed = row.get("seed", byte[].class);
		if (weights == null || seed == null) {
			throw new IllegalStateException("A giveaway row without weights or seed");
		}
		Integer entrants = row.get("entrants", Integer.class);
		Long id = row.get("id", Long.class);
		return new Giveaway((id != null) ? id : 0, row.get("seller_id", String.class), text(row, "sku"),
				text(row, "title"), integer(row, "winners"), instant(row, "opens_at"), instant(row, "closes_at"),
				integer(row, "min_level"), List.copyOf(Arrays.asList(weights)), seed, text(row, "seed_hash"),
				text(row, "status"), (entrants != null) ? entrants : 0, nullableInstant(row, "drawn_at"),
				nullableInstant(row, "claim_by"));
	}

	static String text(Readable row, String column) {
		String value = row.get(column, String.class);
		if (value == null) {
			throw new IllegalStateException(column + " is null");
		}
		return value;
	}

	static int integer(Readable row, String column) {
		Integer value = row.get(column, Integer.class);
		if (value == null) {
			throw new IllegalStateException(column + " is null");
		}
		return value;
	}

	static Instant instant(Readable row, String column) {
		Instant value = nullableInstant(row, column);
		if (value == null) {
			throw new IllegalStateException(column + " is null");
		}
		return value;
	}

	static @Nullable Instant nullableInstant(Readable row, String column) {
		OffsetDateTime value = row.get(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

}

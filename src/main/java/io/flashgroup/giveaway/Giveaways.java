package io.flashgroup.giveaway;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import io.flashgroup.level.Levels;
import io.flashgroup.shared.ProblemException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;

/**
 * Creating giveaways and entering them. An entry is one statement that locks the
 * giveaway's row, checks it is OPEN and within its window by PostgreSQL's clock, inserts
 * the entry (once per shopper) and counts it: the draw takes the same row lock, so no
 * entry lands after the draw read the entries.
 */
@Service
class Giveaways {

	private static final String ENTER = """
			WITH g AS (SELECT id FROM giveaways
			           WHERE id = $1 AND status = 'OPEN' AND opens_at <= now() AND closes_at > now() FOR UPDATE),
			     e AS (INSERT INTO giveaway_entries (giveaway_id, user_id, pseudonym, level, weight)
			           SELECT id, $2, $3, $4, $5 FROM g ON CONFLICT DO NOTHING RETURNING giveaway_id)
			UPDATE giveaways SET entrants = entrants + 1 FROM e WHERE giveaways.id = e.giveaway_id
			RETURNING giveaways.entrants
			""";

	private final DatabaseClient db;

	private final GiveawayRows rows;

	private final GiveawayLive live;

	private final Levels levels;

	private final GiveawayProperties properties;

	private final SecureRandom random;

	Giveaways(DatabaseClient db, GiveawayRows rows, GiveawayLive live, Levels levels, GiveawayProperties properties)
			throws NoSuchAlgorithmException {
		this.db = db;
		this.rows = rows;
		this.live = live;
		this.levels = levels;
		this.properties = properties;
		// DRBG reads the system's entropy once, here at startup, not on an event loop.
		this.random = SecureRandom.getInstance("DRBG");
		this.random.nextInt();
	}

	/**
	 * A new OPEN giveaway of {@code sellerId} (null: the platform's), its seed chosen now
	 * and only its hash shown.
	 */
	Mono<Giveaway> create(CreateGiveaway request, @Nullable String sellerId, String createdBy) {
		if (!request.closesAt().isAfter(request.opensAt())) {
			return Mono.error(ProblemException.invalidField("closesAt", "must be after opensAt"));
		}
		byte[] seed = new byte[32];
		this.random.nextBytes(seed);
		List<Integer> weights = (request.levelWeights() != null) ? request.levelWeights()
				: IntStream.rangeClosed(0, this.levels.highestLevel()).map((level) -> 1 + level).boxed().toList();
		DatabaseClient.GenericExecuteSpec insert = this.db
			.sql("INSERT INTO giveaways (seller_id, created_by, sku, title, winners, opens_at, closes_at, min_level,"
					+ " level_weights, seed, seed_hash) SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11"
					+ " WHERE $7 > now() RETURNING " + GiveawayRows.COLUMNS)
			.bind(1, createdBy)
			.bind(2, request.sku().strip())
			.bind(3, request.title().strip())
			.bind(4, request.winners())
			.bind(5, request.opensAt())
			.bind(6, request.closesAt())
			.bind(7, (request.minLevel() != null) ? request.minLevel() : 0)
			.bind(8, weights.toArray(Integer[]::new))
			.bind(9, seed)
			.bind(10, Draw.sha256Hex(seed));
		insert = (sellerId != null) ? insert.bind(0, sellerId) : insert.bindNull(0, String.class);
		return insert.map(GiveawayRows::giveaway)
			.one()
			.switchIfEmpty(Mono.error(() -> ProblemException.invalidField("closesAt", "must be in the future")));
	}

	/**
	 * Enters the shopper, at most once: their entry and whether this call made it (201)
	 * or found it (200). The weight is frozen from their level now.
	 */
	Mono<Entry> enter(long id, String userId) {
		return this.rows.find(id)
			.flatMap((giveaway) -> this.rows.entry(id, userId)
				.map((entered) -> new Entry(entered, false))
				.switchIfEmpty(Mono.defer(() -> newEntry(giveaway, userId))));
	}

	private Mono<Entry> newEntry(Giveaway giveaway, String userId) {
		if (!"OPEN".equals(giveaway.status())) {
			return Mono.error(closed(giveaway));
		}
		return this.levels.levelOf(userId).flatMap((level) -> {
			if (level < giveaway.minLevel()) {
				return Mono.error(new ProblemException(HttpStatus.CONFLICT, "level-too-low",
						"This giveaway is for level " + giveaway.minLevel() + " and up; you are level " + level,
						Map.of("minLevel", giveaway.minLevel(), "level", level)));
			}
			return insert(giveaway, userId, level);
		});
	}

	private Mono<Entry> insert(Giveaway giveaway, String userId, int level) {
		return this.db.sql(ENTER)
			.bind(0, giveaway.id())
			.bind(1, userId)
			.bind(2, Draw.pseudonym(giveaway.id(), userId))
			.bind(3, level)
			.bind(4, giveaway.weightOf(level))
			.map((row) -> GiveawayRows.integer(row, "entrants"))
			.one()
			.flatMap((entrants) -> this.live.publish(giveaway.withEntrants(entrants))
				.then(this.rows.entry(giveaway.id(), userId))
				.map((entered) -> new Entry(entered, true)))
			// Nothing inserted: a concurrent twin entered first, or the window shut.
			.switchIfEmpty(Mono.defer(() -> this.rows.entry(giveaway.id(), userId)
				.map((entered) -> new Entry(entered, false))
				.switchIfEmpty(
						Mono.defer(() -> this.rows.find(giveaway.id()).flatMap((now) -> Mono.error(closed(now)))))));
	}

	/** 409 giveaway-closed: not open yet, closed, or drawn. */
	private static ProblemException closed(Giveaway giveaway) {
		String detail = giveaway.drawn() ? "This giveaway was drawn already"
				: "This giveaway takes entries from " + giveaway.opensAt() + " until " + giveaway.closesAt();
		return new ProblemException(HttpStatus.CONFLICT, "giveaway-closed", detail,
				Map.of("opensAt", giveaway.opensAt().toString(), "closesAt", giveaway.closesAt().toString()));
	}

	/** The giveaway with the caller's part (none for null) and, once drawn, its draw. */
	Mono<GiveawayView> view(long id, @Nullable String userId) {
		return this.rows.find(id)
			.flatMap((giveaway) -> Mono.zip(drawOf(giveaway), you(giveaway, userId))
				.map((both) -> with(GiveawayView.of(giveaway), both.getT1().orElse(null), both.getT2())));
	}

	/** The newest giveaways of a status, terms and counters only. */
	Mono<List<GiveawayView>> list(String status) {
		return this.rows.list(status, 50).map(GiveawayView::of).collectList();
	}

	private Mono<Optional<GiveawayView.DrawView>> drawOf(Giveaway giveaway) {
		if (!giveaway.drawn() || giveaway.drawnAt() == null || giveaway.claimBy() == null) {
			return Mono.just(Optional.empty());
		}
		return Mono.zip(this.rows.entries(giveaway.id()).collectList(), this.rows.winners(giveaway.id()).collectList())
			.map((both) -> Optional.of(new GiveawayView.DrawView(HexFormat.of().formatHex(giveaway.seed()),
					giveaway.drawnAt(), giveaway.claimBy(),
					both.getT1().stream().map((e) -> new GiveawayView.EntryView(e.pseudonym(), e.weight())).toList(),
					both.getT2())));
	}

	private Mono<You> you(Giveaway giveaway, @Nullable String userId) {
		if (userId == null) {
			return Mono.just(You.NOBODY);
		}
		return Mono
			.zip(this.rows.entry(giveaway.id(), userId).hasElement(),
					this.rows.prize(giveaway, userId).map(Prize::status).defaultIfEmpty(""))
			.map((both) -> new You(both.getT1(), Draw.pseudonym(giveaway.id(), userId),
					giveaway.drawn() ? !both.getT2().isEmpty() : null, both.getT2().isEmpty() ? null : both.getT2()));
	}

	private static GiveawayView with(GiveawayView view, GiveawayView.@Nullable DrawView draw, You you) {
		return new GiveawayView(view.id(), view.sku(), view.title(), view.platform(), view.winners(), view.opensAt(),
				view.closesAt(), view.minLevel(), view.levelWeights(), view.status(), view.entrants(), view.seedHash(),
				you.entered(), you.entrant(), you.won(), you.prize(), draw);
	}

	/** An entry and whether this request made it. */
	record Entry(Entered entered, boolean created) {
	}

	private record You(@Nullable Boolean entered, @Nullable String entrant, @Nullable Boolean won,
			@Nullable String prize) {

		static final You NOBODY = new You(null, null, null, null);

	}

}

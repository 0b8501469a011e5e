package io.flashgroup.giveaway;

import java.util.List;

import io.flashgroup.shared.Passes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Draws every giveaway that closed, exactly once across nodes. Every node runs a pass
 * each {@code draw-interval}; a draw is one transaction that locks the giveaway's row
 * while it is still OPEN (a row another node is drawing is skipped), reads the entries,
 * stores the winners and DRAWN. Entries lock the same row, so the entries read are final.
 * A node that dies mid-draw rolls back and the next pass draws again: the draw is a pure
 * function of the seed and the entries, so a redo names the same winners.
 */
@Component
class GiveawayDraws implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(GiveawayDraws.class);

	private final DatabaseClient db;

	private final GiveawayRows rows;

	private final GiveawayLive live;

	private final TransactionalOperator transaction;

	private final GiveawayProperties properties;

	private volatile Disposable loop = Disposables.disposed();

	GiveawayDraws(DatabaseClient db, GiveawayRows rows, GiveawayLive live, TransactionalOperator transaction,
			GiveawayProperties properties) {
		this.db = db;
		this.rows = rows;
		this.live = live;
		this.transaction = transaction;
		this.properties = properties;
	}

	@Override
	public void start() {
		this.loop = Passes.every(this.properties.drawInterval(), this::pass, log, "Giveaway draw");
	}

	/** One pass: draws the giveaways that closed (up to a batch), one after another. */
	Mono<Void> pass() {
		return this.db
			.sql("SELECT id FROM giveaways WHERE status = 'OPEN' AND closes_at <= now() ORDER BY closes_at LIMIT $1")
			.bind(0, this.properties.drawBatch())
			.map((row) -> row.get("id", Long.class))
			.all()
			.concatMap(this::drawIsolated)
			.then();
	}

	/** One draw; its failure is logged and holds back no other giveaway. */
	private Mono<Void> drawIsolated(long id) {
		return this.transaction.transactional(draw(id)).flatMap(this.live::publish).onErrorResume((ex) -> {
			log.warn("Drawing giveaway {} failed: {}", id, ex.toString());
			return Mono.empty();
		});
	}

	/** The drawn giveaway, or empty when another node holds it or drew it. */
	private Mono<Giveaway> draw(long id) {
		return this.db
			.sql("SELECT " + GiveawayRows.COLUMNS + " FROM giveaways WHERE id = $1 AND status = 'OPEN'"
					+ " AND closes_at <= now() FOR UPDATE SKIP LOCKED")
			.bind(0, id)
			.map(GiveawayRows::giveaway)
			.one()
			.flatMap((giveaway) -> this.rows.entries(id)
				.collectList()
				.flatMap((entries) -> store(giveaway, Draw.winners(giveaway.seed(), entries, giveaway.winners()))));
	}

	private Mono<Giveaway> store(Giveaway giveaway, List<String> winners) {
		Mono<Long> stored = this.db
			.sql("INSERT INTO giveaway_winners (giveaway_id, user_id, pseudonym, rank)"
					+ " SELECT $1, e.user_id, e.pseudonym, w.rank"
					+ " FROM unnest($2::text[]) WITH ORDINALITY AS w(pseudonym, rank)"
					+ " JOIN giveaway_entries e ON e.giveaway_id = $1 AND e.pseudonym = w.pseudonym")
			.bind(0, giveaway.id())
			.bind(1, winners.toArray(String[]::new))
			.fetch()
			.rowsUpdated();
		Mono<Giveaway> drawn = this.db
			.sql("UPDATE giveaways SET status = 'DRAWN', drawn_at = now(),"
					+ " claim_by = now() + make_interval(secs => $2) WHERE id = $1 RETURNING " + GiveawayRows.COLUMNS)
			.bind(0, giveaway.id())
			.bind(1, (double) this.properties.claimWindow().toMillis() / 1000)
			.map(GiveawayRows::giveaway)
			.one();
		return stored.then(drawn);
	}

	@Override
	public void stop() {
		this.loop.dispose();
	}

	@Override
	public boolean isRunning() {
		return !this.loop.isDisposed();
	}

}

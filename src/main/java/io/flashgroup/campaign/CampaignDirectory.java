package io.flashgroup.campaign;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import io.flashgroup.live.HeldViews;
import io.flashgroup.live.LiveProperties;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.ResponseEntity;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/campaigns}: every campaign not yet ended (or ended in the last minute),
 * of every kind, soonest first; the pages use it to know what to show and which topic to
 * watch. Live counters come from each kind's own endpoint and topic. Every page load asks
 * for the whole list, so the node keeps it as JSON bytes and reads PostgreSQL again at
 * most once per {@code flashgroup.live.min-interval} (concurrent readers of an expired
 * copy share one query); a list of one seller's campaigns is read each time.
 */
@RestController
class CampaignDirectory {

	private static final int LIMIT = 100;

	private final DatabaseClient db;

	private final Map<String, CampaignKind> kinds;

	private final JsonMapper json;

	private final long maxAgeNanos;

	private final AtomicReference<@Nullable Held> all = new AtomicReference<>();

	CampaignDirectory(DatabaseClient db, List<CampaignType<?, ?, ?>> types, JsonMapper json, LiveProperties live) {
		this.db = db;
		this.kinds = types.stream().collect(Collectors.toMap((type) -> type.kind().name(), CampaignType::kind));
		this.json = json;
		this.maxAgeNanos = live.minInterval().toNanos();
	}

	@GetMapping("/api/campaigns")
	@ApiResponse(responseCode = "200", description = "OK", content = @Content(mediaType = "application/json",
			array = @ArraySchema(schema = @Schema(implementation = Entry.class))))
	Mono<ResponseEntity<DataBuffer>> campaigns(@RequestParam(required = false) @Nullable String sellerId) {
		Mono<byte[]> list = (sellerId != null) ? encoded(entries(sellerId)) : all();
		return list.map(HeldViews::ok);
	}

	/**
	 * The held list while it is younger than the max age, else a new read shared by
	 * whoever asks until it is answered; a failed read is not kept.
	 */
	private Mono<byte[]> all() {
		Held current = this.all.get();
		long now = System.nanoTime();
		if (current != null && now - current.loadedNanos() < this.maxAgeNanos) {
			return current.json();
		}
		Held next = new Held(
				encoded(entries(null)).cache((json) -> Duration.ofDays(1), (ex) -> Duration.ZERO, () -> Duration.ZERO),
				now);
		Held won = this.all.compareAndExchange(current, next);
		return (won == current) ? next.json() : won.json();
	}

	private Mono<byte[]> encoded(Flux<Entry> entries) {
		return entries.collectList().map(this.json::writeValueAsBytes);
	}

	private Flux<Entry> entries(@Nullable String sellerId) {
		String sql = "SELECT id, kind, seller_id, sku, title, image_url, price, currency, starts_at, ends_at, "
				+ "cancelled_at FROM campaigns WHERE ends_at > $1" + ((sellerId != null) ? " AND seller_id = $3" : "")
				+ " ORDER BY starts_at, id LIMIT $2";
		DatabaseClient.GenericExecuteSpec spec = this.db.sql(sql)
			.bind(0, Instant.now().minusSeconds(60).atOffset(ZoneOffset.UTC))
			.bind(1, LIMIT);
		if (sellerId != null) {
			spec = spec.bind(2, sellerId);
		}
		return spec
			.map((row) -> new Entry(row.get("id", Long.class), row.get("kind", String.class),
					row.get("seller_id", String.class), row.get("sku", String.class), row.get("title", String.class),
					blankToNull(row.get("image_url", String.class)), row.get("price", Long.class),
					row.get("currency", String.class), row.get("starts_at", OffsetDateTime.class).toInstant(),
					row.get("ends_at", OffsetDateTime.class).toInstant(),
					row.get("cancelled_at", OffsetDateTime.class) != null,
					topic(row.get("kind", String.class), row.get("id", Long.class))))
			.all();
	}

	/**
	 * The campaign's topic, if its kind has campaign topics (bargains are watched per
	 * session).
	 */
	private @Nullable String topic(String kind, long id) {
		CampaignKind known = this.kinds.get(kind);
		return (known != null) ? known.topic(id) : null;
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return (value == null || value.isEmpty()) ? null : value;
	}

	/** The list as JSON, and when it was read ({@link System#nanoTime()}). */
	private record Held(Mono<byte[]> json, long loadedNanos) {
	}

	/**
	 * One campaign.
	 *
	 * @param id campaign id
	 * @param kind its kind's name, e.g. GROUP_BUY
	 * @param sellerId seller
	 * @param sku SKU
	 * @param title title
	 * @param imageUrl image
	 * @param price price (group price, list price) in minor units
	 * @param currency currency
	 * @param startsAt window start
	 * @param endsAt window end
	 * @param cancelled whether the kill switch was used
	 * @param topic live topic of the campaign, if it has one
	 */
	record Entry(long id, String kind, String sellerId, String sku, String title, @Nullable String imageUrl, long price,
			String currency, Instant startsAt, Instant endsAt, boolean cancelled, @Nullable String topic) {
	}

}

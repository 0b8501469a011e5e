package io.flashgroup.campaign;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.flashgroup.shared.Money;
import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * Campaigns of every kind in PostgreSQL, written synchronously on create and cancel: the
 * shared columns here, each kind's own columns named by its {@link CampaignType}.
 */
@Repository
public class CampaignRepository {

	private static final List<String> SHARED = List.of("id", "kind", "seller_id", "sku", "title", "image_url", "price",
			"currency", "stock", "per_user_limit", "starts_at", "ends_at", "pay_window_ms", "cancelled_at",
			"share_coupon");

	private final DatabaseClient db;

	CampaignRepository(DatabaseClient db) {
		this.db = db;
	}

	<D extends CampaignType.Defined> Mono<D> insert(CampaignType<?, D, ?> type, String sellerId, CampaignTerms terms,
			KindColumns columns) {
		Map<String, Object> extra = columns.values();
		List<String> names = new ArrayList<>(List.of("kind", "seller_id", "sku", "title", "image_url", "price",
				"currency", "stock", "per_user_limit", "starts_at", "ends_at", "pay_window_ms", "share_coupon"));
		names.addAll(extra.keySet());
		String placeholders = IntStream.rangeClosed(1, names.size())
			.mapToObj((i) -> "$" + i)
			.collect(Collectors.joining(", "));
		DatabaseClient.GenericExecuteSpec spec = this.db
			.sql("INSERT INTO campaigns (" + String.join(", ", names) + ") VALUES (" + placeholders + ") RETURNING "
					+ columns(type))
			.bind(0, type.kind().name())
			.bind(1, sellerId)
			.bind(2, terms.sku())
			.bind(3, terms.title())
			.bind(4, (terms.imageUrl() != null) ? terms.imageUrl() : "")
			.bind(5, terms.price().minor())
			.bind(6, terms.price().currency())
			.bind(7, terms.stock())
			.bind(8, terms.perUserLimit())
			.bind(9, terms.startsAt().atOffset(ZoneOffset.UTC))
			.bind(10, terms.endsAt().atOffset(ZoneOffset.UTC))
			.bind(11, terms.payWindow().toMillis());
		ShareCoupon coupon = terms.shareCoupon();
		spec = (coupon != null) ? spec.bind(12, Json.of(coupon.json())) : spec.bindNull(12, Json.class);
		int index = 13;
		for (Object value : extra.values()) {
			spec = spec.bind(index++, value);
		}
		return spec.map((row) -> definition(type, row)).one();
	}

	/** The campaign if it exists and is of the type's kind. */
	<D extends CampaignType.Defined> Mono<D> find(CampaignType<?, D, ?> type, CampaignId id) {
		return this.db.sql("SELECT " + columns(type) + " FROM campaigns WHERE id = $1 AND kind = $2")
			.bind(0, id.value())
			.bind(1, type.kind().name())
			.map((row) -> definition(type, row))
			.one();
	}

	/**
	 * Campaigns of the kind not ended before {@code since} nor cancelled, soonest first.
	 */
	<D extends CampaignType.Defined> Flux<D> findNotEndedSince(CampaignType<?, D, ?> type, Instant since, int limit) {
		return this.db
			.sql("SELECT " + columns(type) + " FROM campaigns WHERE kind = $1 AND ends_at > $2 "
					+ "AND cancelled_at IS NULL ORDER BY starts_at, id LIMIT $3")
			.bind(0, type.kind().name())
			.bind(1, since.atOffset(ZoneOffset.UTC))
			.bind(2, limit)
			.map((row) -> definition(type, row))
			.all();
	}

	Mono<Void> markCancelled(CampaignId id, Instant at) {
		return this.db.sql("UPDATE campaigns SET cancelled_at = $2 WHERE id = $1 AND cancelled_at IS NULL")
			.bind(0, id.value())
			.bind(1, at.atOffset(ZoneOffset.UTC))
			.then();
	}

	private static String columns(CampaignType<?, ?, ?> type) {
		List<String> all = new ArrayList<>(SHARED);
		all.addAll(type.columns());
		return String.join(", ", all);
	}

	private static <D extends CampaignType.Defined> D definition(CampaignType<?, D, ?> type, Readable row) {
		return type.definition(campaign(type.kind(), row), row);
	}

	private static @Nullable ShareCoupon shareCoupon(@Nullable Json column) {
		return (column != null) ? ShareCoupon.fromJson(column.asString()) : null;
	}

	/** The campaign of any kind, its shared columns only. */
	Mono<Campaign> find(CampaignId id, Function<String, @Nullable CampaignKind> kinds) {
		return this.db.sql("SELECT " + String.join(", ", SHARED) + " FROM campaigns WHERE id = $1")
			.bind(0, id.value())
			.map((row) -> {
				CampaignKind kind = kinds.apply(row.get("kind", String.class));
				return (kind != null) ? Optional.of(campaign(kind, row)) : Optional.<Campaign>empty();
			})
			.one()
			.flatMap(Mono::justOrEmpty);
	}

	/** The shared columns of a row; {@code kind} is the kind the query asked for. */
	static Campaign campaign(CampaignKind kind, Readable row) {
		String image = row.get("image_url", String.class);
		OffsetDateTime cancelled = row.get("cancelled_at", OffsetDateTime.class);
		CampaignTerms terms = new CampaignTerms(row.get("sku", String.class), row.get("title", String.class),
				(image == null || image.isEmpty()) ? null : image,
				new Money(row.get("price", Long.class), row.get("currency", String.class)),
				row.get("stock", Integer.class), row.get("per_user_limit", Integer.class),
				row.get("starts_at", OffsetDateTime.class).toInstant(),
				row.get("ends_at", OffsetDateTime.class).toInstant(),
				Duration.ofMillis(row.get("pay_window_ms", Long.class)),
				shareCoupon(row.get("share_coupon", Json.class)));
		return new Campaign(new CampaignId(row.get("id", Long.class)), kind, row.get("seller_id", String.class), terms,
				(cancelled != null) ? cancelled.toInstant() : null);
	}

}

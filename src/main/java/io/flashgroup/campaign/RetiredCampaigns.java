package io.flashgroup.campaign;

import java.time.Instant;
import java.time.ZoneOffset;

import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Records in PostgreSQL that a campaign's hot state retired (its keys were let expire):
 * from then on no state in Redis is expected for it. A campaign without that mark and
 * without state has lost it ({@code CampaignRecovery}).
 */
@Component
public class RetiredCampaigns {

	private final DatabaseClient db;

	RetiredCampaigns(DatabaseClient db) {
		this.db = db;
	}

	/** Marks the campaign retired now, once. */
	public Mono<Void> mark(long campaignId) {
		return this.db.sql("UPDATE campaigns SET retired_at = $2 WHERE id = $1 AND retired_at IS NULL")
			.bind(0, campaignId)
			.bind(1, Instant.now().atOffset(ZoneOffset.UTC))
			.then();
	}

}

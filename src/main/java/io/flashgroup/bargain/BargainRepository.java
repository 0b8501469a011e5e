package io.flashgroup.bargain;

import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/** What PostgreSQL records of a bargain's sessions, counted. */
@Repository
class BargainRepository {

	private final DatabaseClient db;

	BargainRepository(DatabaseClient db) {
		this.db = db;
	}

	/** Sessions recorded as still taking cuts or purchases. */
	Mono<Long> openSessions(long id) {
		return this.db
			.sql("SELECT count(*) AS open FROM bargain_sessions WHERE campaign_id = $1 "
					+ "AND status IN ('OPEN', 'COMPLETED')")
			.bind(0, id)
			.map((row) -> row.get("open", Long.class))
			.one();
	}

}

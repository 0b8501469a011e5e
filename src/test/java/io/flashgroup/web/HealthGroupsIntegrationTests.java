package io.flashgroup.web;

import io.flashgroup.IntegrationTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What each health group answers for: liveness the process, readiness serving purchases
 * (Redis, not PostgreSQL, whose outage the outbox absorbs), the overall health
 * everything. Stopping the JVM's shared PostgreSQL is not an option here, so the groups'
 * members are checked instead.
 */
class HealthGroupsIntegrationTests extends IntegrationTestSupport {

	@Test
	void readinessDependsOnRedisAndNotOnPostgres() {
		JsonNode readiness = json(client().get().uri("/actuator/health/readiness").exchange(), 200);
		assertThat(readiness.path("status").asString()).isEqualTo("UP");
		assertThat(readiness.path("components").propertyNames()).contains("redis", "readinessState")
			.doesNotContain("r2dbc", "db", "outbox");
	}

	@Test
	void livenessDependsOnTheProcessOnly() {
		JsonNode liveness = json(client().get().uri("/actuator/health/liveness").exchange(), 200);
		assertThat(liveness.path("components").propertyNames()).containsExactly("livenessState");
	}

	@Test
	void overallHealthShowsEverythingForDashboards() {
		JsonNode health = json(client().get().uri("/actuator/health").exchange(), 200);
		assertThat(health.path("components").propertyNames()).contains("redis", "r2dbc", "outbox");
	}

}

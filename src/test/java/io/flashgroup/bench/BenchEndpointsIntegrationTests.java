package io.flashgroup.bench;

import java.time.Duration;
import java.util.Map;

import io.flashgroup.IntegrationTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The baselines bench.sh compares against must themselves be correct. */
class BenchEndpointsIntegrationTests extends IntegrationTestSupport {

	@Test
	void naivePostgresPurchaseNeverOversells() {
		String shopper = token("bench-shopper", "SHOPPER");
		long saleId = json(
				bench(client().post().uri("/api/bench/pg-sales"), shopper).contentType(MediaType.APPLICATION_JSON)
					.bodyValue(Map.of("stock", 3))
					.exchange(),
				200)
			.path("id")
			.asLong();
		int created = 0;
		for (int i = 0; i < 5; i++) {
			int status = bench(client().post().uri("/api/bench/pg-sales/{id}/purchases", saleId), shopper).exchange()
				.returnResult(String.class)
				.getStatus()
				.value();
			assertThat(status).isIn(201, 409);
			created += (status == 201) ? 1 : 0;
		}
		assertThat(created).isEqualTo(3);
	}

	@Test
	void gcReportsTheLiveHeapWithinTheHeapInUse() {
		JsonNode memory = json(bench(client().post().uri("/api/bench/gc"), token("bench-ops", "OPS")).exchange(), 200);
		assertThat(memory.path("liveHeap").asLong()).isPositive()
			.isLessThanOrEqualTo(Runtime.getRuntime().totalMemory());
		assertThat(memory.path("heapUsed").asLong()).isPositive();
		assertThat(memory.has("nettyDirect")).isTrue();
	}

	@Test
	void pausedFlusherKeepsTheBacklogAndDrainsItOnceResumed() {
		String ops = token("bench-ops", "OPS");
		long saleId = liveSale(10, 5);
		json(bench(client().post().uri("/api/bench/flusher/stop"), ops).exchange(), 200);
		try {
			String shopper = token("bench-buyer", "SHOPPER");
			for (int i = 0; i < 3; i++) {
				json(purchase(saleId, shopper, 1, "k" + i), 201);
			}
			assertThat(outbox(saleId, ops)).isEqualTo(3);
			assertThat(storedOrders(saleId)).isEmpty();
		}
		finally {
			json(bench(client().post().uri("/api/bench/flusher/start"), ops).exchange(), 200);
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> outbox(saleId, ops) == 0);
		assertThat(storedOrders(saleId)).hasSize(3);

		JsonNode copy = json(
				bench(client().post().uri("/api/bench/campaigns/{id}/insert-ceiling?batch=2", saleId), ops).exchange(),
				200);
		assertThat(copy.path("rows").asInt()).isEqualTo(3);
	}

	private long outbox(long saleId, String token) {
		return json(bench(client().get().uri("/api/bench/campaigns/{id}/outbox", saleId), token).exchange(), 200)
			.path("entries")
			.asLong();
	}

	private static <S extends WebTestClient.RequestHeadersSpec<?>> S bench(S spec, String token) {
		spec.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
		return spec;
	}

}

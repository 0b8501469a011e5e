package io.flashgroup.flashsale;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.flashgroup.CampaignBodies;
import io.flashgroup.IntegrationTestSupport;
import io.flashgroup.campaign.CampaignKeys;
import io.lettuce.core.KillArgs;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.TestPropertySource;

import static io.flashgroup.shared.ProblemResponses.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /api/flash-sales/{id}} from the node's held copy: it follows purchases
 * within the conflation interval, the held set stays bounded, and everything the copy
 * cannot vouch for answers as a read from the store would. {@code max-age} is set far
 * above the deadlines here, so a fresh answer can only have come through the live topic,
 * never through the age bound's re-read.
 */
@TestPropertySource(properties = { "flashgroup.live.held-views.max=3", "flashgroup.live.held-views.max-age=1h" })
class HeldSaleReadsIntegrationTests extends IntegrationTestSupport {

	/**
	 * The documented bound: {@code min-interval} (100 ms) of conflation, plus pub/sub
	 * delivery and this loaded test machine's scheduling.
	 */
	private static final Duration BOUND = Duration.ofMillis(100 + 600);

	@Autowired
	private MeterRegistry meters;

	@Test
	void aHeldReadShowsAChangeThisNodeDidNotMakeWithinTheConflationInterval() {
		String shopper = token("held-lapsed-" + System.nanoTime(), "SHOPPER");
		Instant now = Instant.now();
		long id = createSale("held-seller-" + System.nanoTime(), 10, 5, now.minusSeconds(5), now.plusSeconds(3600),
				Duration.ofSeconds(3));
		json(purchase(id, shopper, 3, "held-1"), 201);
		assertThat(heldSale(id).path("stockLeft").asLong()).isEqualTo(7);

		// The unpaid reservation expires by the timer worker: Redis changes and
		// publishes,
		// and no write through this node announced it.
		await().atMost(Duration.ofSeconds(15))
			.pollInterval(Duration.ofMillis(5))
			.until(() -> "0"
				.equals(this.redis.hget(new CampaignKeys(id).state(), "sold").block(Duration.ofSeconds(5))));
		await().atMost(BOUND)
			.pollInterval(Duration.ofMillis(10))
			.untilAsserted(() -> assertThat(sale(id).path("stockLeft").asLong()).isEqualTo(10));
	}

	@Test
	void aReadRightAfterAPurchaseThroughThisNodeShowsIt() {
		String shopper = token("held-buyer-" + System.nanoTime(), "SHOPPER");
		long id = liveSale(10, 5);
		assertThat(heldSale(id).path("stockLeft").asLong()).isEqualTo(10);

		json(purchase(id, shopper, 3, "held-1"), 201);

		JsonNode sale = sale(id);
		assertThat(sale.path("stockLeft").asLong()).isEqualTo(7);
		assertThat(sale.path("sold").asLong()).isEqualTo(3);
	}

	@Test
	void servesTheSameBytesWhileNothingChanged() {
		long id = liveSale(10, 5);
		JsonNode held = heldSale(id);
		double fromHeld = heldReads();
		// Read from Redis, serverTime would be the time of each read.
		assertThat(sale(id)).isEqualTo(held);
		assertThat(sale(id)).isEqualTo(held);
		assertThat(heldReads()).isEqualTo(fromHeld + 2);
	}

	@Test
	void answersAnUnknownSaleAsNotFoundAsBefore() {
		long id = liveSale(1, 1) + 1_000_000;
		for (int i = 0; i < 3; i++) {
			JsonNode problem = assertProblem(client().get().uri("/api/flash-sales/{id}", id).exchange(), 404,
					"not-found");
			assertThat(problem.path("detail").asString()).isEqualTo("Flash sale " + id + " does not exist");
			assertThat(problem.path("instance").asString()).isEqualTo("/api/flash-sales/" + id);
		}
	}

	@Test
	void answersACampaignOfAnotherKindAsNotFoundEvenWhenHeld() {
		long groupBuy = create("/api/group-buys", "held-seller", CampaignBodies.groupBuy(2, 10));
		for (int i = 0; i < 3; i++) {
			json(client().get().uri("/api/group-buys/{id}", groupBuy).exchange(), 200);
		}
		JsonNode problem = assertProblem(client().get().uri("/api/flash-sales/{id}", groupBuy).exchange(), 404,
				"not-found");
		assertThat(problem.path("detail").asString()).isEqualTo("Flash sale " + groupBuy + " does not exist");
	}

	@Test
	void holdsAtMostTheConfiguredNumberOfViewsDroppingTheLeastRecentlyRead() {
		List<Long> sales = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			long id = liveSale(5, 1);
			sales.add(id);
			heldSale(id);
			assertThat(heldViews()).isLessThanOrEqualTo(3);
		}
		assertThat(heldViews()).isEqualTo(3);
		// The first sale was dropped: its next read comes from the store.
		double fromStore = storeReads();
		sale(sales.get(0));
		assertThat(storeReads()).isEqualTo(fromStore + 1);
		assertThat(heldViews()).isEqualTo(3);
	}

	@Test
	void showsACancelAtOnceAndStopsHoldingTheSale() {
		long id = liveSale(5, 1);
		String seller = json(client().get().uri("/api/flash-sales/{id}", id).exchange(), 200).path("sellerId")
			.asString();
		heldSale(id);
		json(client().post()
			.uri("/api/flash-sales/{id}/cancel", id)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token(seller, "SELLER"))
			.exchange(), 200);
		double fromStore = storeReads();
		assertThat(sale(id).path("status").asString()).isEqualTo("CANCELLED");
		assertThat(sale(id).path("status").asString()).isEqualTo("CANCELLED");
		assertThat(storeReads()).isEqualTo(fromStore + 2);
	}

	@Test
	void stopsServingAHeldSaleBeforeItsEndAndAnswersTheEndedSaleFromTheStore() {
		Instant now = Instant.now();
		long id = createSale("held-ending-" + System.nanoTime(), 5, 1, now.minusSeconds(5), now.plusSeconds(3),
				Duration.ofSeconds(1));
		heldSale(id);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(sale(id).path("status").asString()).isEqualTo("ENDED"));
		double fromStore = storeReads();
		assertThat(sale(id).path("status").asString()).isEqualTo("ENDED");
		assertThat(storeReads()).isEqualTo(fromStore + 1);
	}

	@Test
	void dropsEveryHeldViewWhenThePubSubConnectionDrops() {
		long id = liveSale(5, 1);
		heldSale(id);
		assertThat(heldViews()).isPositive();

		this.redis.clientKill(KillArgs.Builder.typePubsub()).block(Duration.ofSeconds(5));

		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(heldViews()).isZero());
		// Held again once the connection is back and the topic confirmed.
		heldSale(id);
	}

	@Test
	void listsANewCampaignWithinTheConflationInterval() {
		json(client().get().uri("/api/campaigns").exchange(), 200);
		long id = liveSale(5, 1);
		await().atMost(BOUND).pollInterval(Duration.ofMillis(10)).untilAsserted(() -> {
			List<Long> ids = new ArrayList<>();
			json(client().get().uri("/api/campaigns").exchange(), 200)
				.forEach((entry) -> ids.add(entry.path("id").asLong()));
			assertThat(ids).contains(id);
		});
	}

	/**
	 * Reads the sale until an answer came from the held copy (the topic delivered its
	 * first frame); that answer.
	 */
	private JsonNode heldSale(long id) {
		JsonNode[] last = new JsonNode[1];
		await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> {
			double before = heldReads();
			last[0] = sale(id);
			return heldReads() > before;
		});
		return last[0];
	}

	private double heldReads() {
		return this.meters.get("flashgroup.live.held.reads").tag("source", "held").counter().count();
	}

	private double storeReads() {
		return this.meters.get("flashgroup.live.held.reads").tag("source", "store").counter().count();
	}

	private double heldViews() {
		return this.meters.get("flashgroup.live.held.views").gauge().value();
	}

}

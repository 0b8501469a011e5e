package io.flashgroup.giveaway;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.flashgroup.Rush;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Creating giveaways and entering them: once per shopper, only while open, live count.
 */
class GiveawayEntryIntegrationTests extends GiveawayTestSupport {

	@Test
	void createsAGiveawayThatShowsOnlyTheHashOfItsSeed() {
		Map<String, Object> body = body(2, Duration.ofMinutes(5));
		body.put("levelWeights", List.of(1, 5, 9));
		JsonNode created = giveaway(body);
		long id = created.path("id").asLong();

		assertThat(created.path("status").asString()).isEqualTo("OPEN");
		assertThat(created.path("platform").asBoolean()).isFalse();
		assertThat(created.path("seedHash").asString()).matches("[0-9a-f]{64}");
		assertThat(created.path("draw").isMissingNode() || created.path("draw").isNull()).isTrue();
		JsonNode read = read(id, null);
		assertThat(read.toString()).doesNotContain("\"seed\"");
		byte[] seed = this.db.sql("SELECT seed FROM giveaways WHERE id = $1")
			.bind(0, id)
			.map((row) -> row.get("seed", byte[].class))
			.one()
			.block();
		assertThat(seed).hasSize(32);
		assertThat(Draw.sha256Hex(seed)).isEqualTo(created.path("seedHash").asString());
		assertThat(read.path("levelWeights").toString()).isEqualTo("[1,5,9]");
	}

	@Test
	void weighsLevelsOnePlusLevelByDefaultAndLetsOpsCreatePlatformGiveaways() {
		JsonNode created = json(createGiveaway(token(user("ops"), "OPS"), body(1, Duration.ofMinutes(5))), 201);

		assertThat(created.path("platform").asBoolean()).isTrue();
		assertThat(created.path("levelWeights").toString()).isEqualTo("[1,2,3,4,5,6]");
	}

	@Test
	void refusesCreationByShoppersAndInvalidTerms() {
		createGiveaway(token(user("shopper"), "SHOPPER"), body(1, Duration.ofMinutes(5))).expectStatus().isForbidden();
		String seller = token(user("seller"), "SELLER");
		Map<String, Object> noWinners = body(0, Duration.ofMinutes(5));
		Map<String, Object> backwards = body(1, Duration.ofMinutes(5));
		backwards.put("opensAt", Instant.now().plusSeconds(600).toString());
		Map<String, Object> past = body(1, Duration.ofMinutes(5));
		past.put("opensAt", Instant.now().minusSeconds(600).toString());
		past.put("closesAt", Instant.now().minusSeconds(300).toString());
		Map<String, Object> heavy = body(1, Duration.ofMinutes(5));
		heavy.put("levelWeights", List.of(1, 1001));
		for (Map<String, Object> invalid : List.of(noWinners, backwards, past, heavy)) {
			assertThat(json(createGiveaway(seller, invalid), 400).path("type").asString()).endsWith("validation");
		}
	}

	@Test
	void entersAShopperOnceHoweverManyTimesTheyRetryAtOnce() {
		Map<String, Object> body = body(1, Duration.ofMinutes(5));
		body.put("levelWeights", List.of(7, 9));
		long id = giveaway(body).path("id").asLong();
		String shopper = user("shopper");
		String token = token(shopper, "SHOPPER");

		List<Rush.Answer> answers = Rush.fire(this.port, 20, 20, (web,
				i) -> web.post().uri("/api/giveaways/" + id + "/entries").header("Authorization", "Bearer " + token));

		assertThat(Rush.statuses(answers)).containsExactlyInAnyOrderEntriesOf(Map.of(201, 1, 200, 19));
		assertThat(answers.stream().map((a) -> a.body().toString()).distinct()).hasSize(1);
		JsonNode entry = answers.get(0).body();
		assertThat(entry.path("entrant").asString()).isEqualTo(Draw.pseudonym(id, shopper));
		// Level 0 (no experience yet): the weight of level 0, frozen in the entry.
		assertThat(entry.path("level").asInt()).isZero();
		assertThat(entry.path("weight").asInt()).isEqualTo(7);
		assertThat(users("giveaway_entries", id)).containsExactly(shopper);
		JsonNode read = read(id, token);
		assertThat(read.path("entrants").asInt()).isEqualTo(1);
		assertThat(read.path("youEntered").asBoolean()).isTrue();
		assertThat(read.path("yourEntrant").asString()).isEqualTo(Draw.pseudonym(id, shopper));
	}

	@Test
	void countsEveryShopperOfARushOnce() {
		long id = giveaway(body(3, Duration.ofMinutes(5))).path("id").asLong();
		List<String> tokens = IntStream.range(0, 40).mapToObj((i) -> token(user("rush"), "SHOPPER")).toList();

		List<Rush.Answer> answers = Rush.fire(this.port, 80, 40,
				(web, i) -> web.post()
					.uri("/api/giveaways/" + id + "/entries")
					.header("Authorization", "Bearer " + tokens.get(i % 40)));

		assertThat(Rush.statuses(answers)).containsExactlyInAnyOrderEntriesOf(Map.of(201, 40, 200, 40));
		assertThat(users("giveaway_entries", id)).hasSize(40);
		assertThat(read(id, null).path("entrants").asInt()).isEqualTo(40);
	}

	@Test
	void refusesEntriesBeforeTheWindowOpensAndAfterItCloses() {
		Map<String, Object> later = body(1, Duration.ofMinutes(10));
		later.put("opensAt", Instant.now().plusSeconds(300).toString());
		long notYet = giveaway(later).path("id").asLong();
		Map<String, Object> soon = body(1, Duration.ofSeconds(2));
		JsonNode created = giveaway(soon);
		long closing = created.path("id").asLong();
		Instant closesAt = Instant.parse(created.path("closesAt").asString());
		String token = token(user("shopper"), "SHOPPER");

		JsonNode early = json(enter(notYet, token), 409);
		assertThat(early.path("type").asString()).endsWith("giveaway-closed");
		assertThat(early.path("opensAt").asString()).isNotEmpty();
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(closesAt.plusMillis(100)));
		assertThat(json(enter(closing, token), 409).path("type").asString()).endsWith("giveaway-closed");
		assertThat(users("giveaway_entries", notYet)).isEmpty();
		assertThat(users("giveaway_entries", closing)).isEmpty();
	}

	@Test
	void refusesShoppersBelowTheMinimumLevelAndUnknownGiveaways() {
		Map<String, Object> body = body(1, Duration.ofMinutes(5));
		body.put("minLevel", 2);
		long id = giveaway(body).path("id").asLong();
		String token = token(user("shopper"), "SHOPPER");

		JsonNode refused = json(enter(id, token), 409);
		assertThat(refused.path("type").asString()).endsWith("level-too-low");
		assertThat(refused.path("minLevel").asInt()).isEqualTo(2);
		assertThat(refused.path("level").asInt()).isZero();
		assertThat(users("giveaway_entries", id)).isEmpty();
		assertThat(json(enter(999_999_999L, token), 404).path("type").asString()).endsWith("not-found");
		client().get().uri("/api/giveaways/999999999").exchange().expectStatus().isNotFound();
	}

	@Test
	void pushesTheEntrantCountLiveWithoutUserIds() {
		long id = giveaway(body(1, Duration.ofMinutes(5))).path("id").asLong();
		String shopper = user("shopper");
		try (Watcher watcher = watchTopic("giveaway:" + id)) {
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !watcher.received().isEmpty());
			enter(id, token(shopper, "SHOPPER")).expectStatus().isCreated();
			enter(id, token(user("other"), "SHOPPER")).expectStatus().isCreated();

			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.until(() -> watcher.received()
					.stream()
					.anyMatch((m) -> m.path("state").path("entrants").asInt() == 2));
			assertThat(watcher.received().toString()).doesNotContain(shopper)
				.doesNotContain(Draw.pseudonym(id, shopper));
		}
		assertThat(liveSnapshot("giveaway:" + id).path("state").path("entrants").asInt()).isEqualTo(2);
	}

	@Test
	void listsOpenGiveaways() {
		long id = giveaway(body(1, Duration.ofMinutes(5))).path("id").asLong();

		JsonNode open = json(client().get().uri("/api/giveaways?status=OPEN").exchange(), 200);
		assertThat(open.findValuesAsString("status")).containsOnly("OPEN");
		assertThat(open.toString()).contains("\"id\":" + id + ",");
		client().get().uri("/api/giveaways?status=NOPE").exchange().expectStatus().isBadRequest();
	}

}

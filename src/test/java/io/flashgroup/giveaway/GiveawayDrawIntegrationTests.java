package io.flashgroup.giveaway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The draw at close: once, by the published rule (the verifier reproduces it), the entry
 * list frozen, the result shown to anyone, the winners' prizes.
 */
class GiveawayDrawIntegrationTests extends GiveawayTestSupport {

	@Autowired
	private GiveawayDraws draws;

	@Test
	void drawsAtCloseWhatTheVerifierReproducesFromThePublishedPage() {
		Map<String, Object> body = body(3, Duration.ofSeconds(5));
		long id = giveaway(body).path("id").asLong();
		List<String> shoppers = IntStream.range(0, 12).mapToObj((i) -> user("entrant")).toList();
		shoppers.forEach((shopper) -> enter(id, token(shopper, "SHOPPER")).expectStatus().isCreated());

		JsonNode drawn = awaitDrawn(id);

		JsonNode draw = drawn.path("draw");
		assertThat(Draw.sha256Hex(HexFormat.of().parseHex(draw.path("seed").asString())))
			.isEqualTo(drawn.path("seedHash").asString());
		assertThat(draw.path("entries").size()).isEqualTo(12);
		assertThat(draw.path("winners").size()).isEqualTo(3);
		assertThat(DrawVerifier.verify(DrawVerifier.Json.object(drawn.toString()))).isEmpty();
		assertThat(drawn.toString()).doesNotContain(shoppers.get(0));
		// The winners stored are the ones published, one row each.
		List<String> winners = new ArrayList<>();
		draw.path("winners").forEach((w) -> winners.add(w.asString()));
		List<String> stored = users("giveaway_winners", id);
		assertThat(stored).hasSize(3);
		assertThat(stored.stream().map((user) -> Draw.pseudonym(id, user)))
			.containsExactlyInAnyOrderElementsOf(winners);
	}

	@Test
	void aTamperedPageFailsVerification() {
		long id = giveaway(body(1, Duration.ofSeconds(4))).path("id").asLong();
		IntStream.range(0, 5).forEach((i) -> enter(id, token(user("entrant"), "SHOPPER")).expectStatus().isCreated());
		String page = awaitDrawn(id).toString();
		String winner = DrawVerifier.Json.object(page).get("draw") instanceof Map<?, ?> draw
				? String.valueOf(((List<?>) draw.get("winners")).get(0)) : "";

		// The winner's entry dropped from the list.
		String entry = "{\"entrant\":\"" + winner + "\",\"weight\":1}";
		String dropped = page.contains(entry + ",") ? page.replace(entry + ",", "") : page.replace("," + entry, "");
		assertThat(DrawVerifier.verify(DrawVerifier.Json.object(dropped))).isNotEmpty();
		// The seed changed.
		String seed = String.valueOf(((Map<?, ?>) DrawVerifier.Json.object(page).get("draw")).get("seed"));
		String otherSeed = (seed.charAt(0) == '0' ? "1" : "0") + seed.substring(1);
		assertThat(DrawVerifier.verify(DrawVerifier.Json.object(page.replace(seed, otherSeed))))
			.anyMatch((difference) -> difference.startsWith("SHA-256(seed)"));
	}

	@Test
	void drawsOnceHoweverManyNodesPassAtOnce() {
		long id = giveaway(body(2, Duration.ofMinutes(5))).path("id").asLong();
		IntStream.range(0, 6).forEach((i) -> enter(id, token(user("entrant"), "SHOPPER")).expectStatus().isCreated());

		// It closes now; eight passes (as of eight nodes) race each other and this
		// node's own loop to draw it.
		this.db.sql("UPDATE giveaways SET closes_at = now() WHERE id = $1").bind(0, id).then().block();
		Flux.range(0, 8).flatMap((i) -> this.draws.pass().subscribeOn(Schedulers.parallel())).blockLast();
		JsonNode drawn = awaitDrawn(id);
		Flux.range(0, 8).flatMap((i) -> this.draws.pass().subscribeOn(Schedulers.parallel())).blockLast();

		assertThat(users("giveaway_winners", id)).hasSize(2);
		assertThat(read(id, null).path("draw")).isEqualTo(drawn.path("draw"));
		assertThat(DrawVerifier.verify(DrawVerifier.Json.object(drawn.toString()))).isEmpty();
	}

	@Test
	void refusesEntriesOnceDrawnAndTellsEachShopperWhetherTheyWon() {
		long id = giveaway(body(1, Duration.ofSeconds(4))).path("id").asLong();
		List<String> shoppers = List.of(user("a"), user("b"), user("c"));
		shoppers.forEach((shopper) -> enter(id, token(shopper, "SHOPPER")).expectStatus().isCreated());
		awaitDrawn(id);
		String winner = users("giveaway_winners", id).get(0);
		String loser = shoppers.stream().filter((s) -> !s.equals(winner)).findFirst().orElseThrow();

		assertThat(json(enter(id, token(user("late"), "SHOPPER")), 409).path("type").asString())
			.endsWith("giveaway-closed");
		// An entrant entering again still gets their entry.
		enter(id, token(loser, "SHOPPER")).expectStatus().isOk();
		JsonNode won = read(id, token(winner, "SHOPPER"));
		assertThat(won.path("youEntered").asBoolean()).isTrue();
		assertThat(won.path("youWon").asBoolean()).isTrue();
		assertThat(won.path("yourPrize").asString()).isEqualTo("WON");
		JsonNode lost = read(id, token(loser, "SHOPPER"));
		assertThat(lost.path("youEntered").asBoolean()).isTrue();
		assertThat(lost.path("youWon").asBoolean()).isFalse();
		assertThat(users("giveaway_entries", id)).hasSize(3);
	}

	@Test
	void theWinnerClaimsThePrizeOnceWithinTheWindow() {
		long id = giveaway(body(1, Duration.ofSeconds(4))).path("id").asLong();
		List<String> shoppers = List.of(user("a"), user("b"));
		shoppers.forEach((shopper) -> enter(id, token(shopper, "SHOPPER")).expectStatus().isCreated());
		assertThat(json(claimPrize(id, token(shoppers.get(0), "SHOPPER")), 409).path("type").asString())
			.endsWith("not-a-winner");
		awaitDrawn(id);
		String winner = users("giveaway_winners", id).get(0);
		String loser = shoppers.stream().filter((s) -> !s.equals(winner)).findFirst().orElseThrow();

		JsonNode claimed = json(claimPrize(id, token(winner, "SHOPPER")), 200);
		JsonNode again = json(claimPrize(id, token(winner, "SHOPPER")), 200);

		assertThat(claimed.path("status").asString()).isEqualTo("CLAIMED");
		assertThat(again).isEqualTo(claimed);
		assertThat(json(claimPrize(id, token(loser, "SHOPPER")), 409).path("type").asString()).endsWith("not-a-winner");
		assertThat(this.db.sql("SELECT status FROM giveaway_winners WHERE giveaway_id = $1")
			.bind(0, id)
			.map((row) -> row.get("status", String.class))
			.one()
			.block()).isEqualTo("CLAIMED");
	}

	@Test
	void aPrizeNotClaimedWithinTheWindowLapses() {
		long id = giveaway(body(1, Duration.ofSeconds(4))).path("id").asLong();
		String shopper = user("only");
		enter(id, token(shopper, "SHOPPER")).expectStatus().isCreated();
		awaitDrawn(id);
		// The claim window ends now (as if the configured 72h had passed).
		this.db.sql("UPDATE giveaways SET claim_by = now() WHERE id = $1").bind(0, id).then().block();

		assertThat(json(claimPrize(id, token(shopper, "SHOPPER")), 409).path("type").asString())
			.endsWith("prize-lapsed");
		assertThat(read(id, token(shopper, "SHOPPER")).path("yourPrize").asString()).isEqualTo("LAPSED");
		assertThat(this.db.sql("SELECT status FROM giveaway_winners WHERE giveaway_id = $1")
			.bind(0, id)
			.map((row) -> row.get("status", String.class))
			.one()
			.block()).isEqualTo("WON");
	}

}

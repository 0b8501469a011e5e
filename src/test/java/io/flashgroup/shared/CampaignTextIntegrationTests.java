package io.flashgroup.shared;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Campaign texts PostgreSQL cannot store: a NUL, or half of a UTF-16 surrogate pair sent
 * as a JSON escape (U+D800 to U+DFFF alone), is a 400 on that field for every kind (an
 * unpaired surrogate used to be stored as "?"); a whole pair, an emoji, is stored as
 * sent.
 */
class CampaignTextIntegrationTests extends EdgeTestSupport {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final List<String> PATHS = List.of("/api/flash-sales", "/api/group-buys", "/api/bargains");

	@Test
	void refusesTextWithAnUnpairedSurrogateOrANulOnThatField() {
		for (String path : PATHS) {
			// A seller per kind: twelve refusals each, below the per-user rate limit on
			// creation.
			String seller = token("text-seller" + path.replace('/', '-'), "SELLER");
			for (String field : List.of("sku", "title", "imageUrl")) {
				for (String escape : List.of("\\ud800", "\\udc00", "\\udc00\\ud800", "\\u0000")) {
					Map<String, Object> body = body(path);
					body.put(field, "a@@b");
					String raw = JSON.writeValueAsString(body).replace("@@", escape);
					JsonNode errors = fieldErrors(post(path, seller, raw));
					assertThat(errors.propertyNames()).as(path + " " + field + " " + escape).containsExactly(field);
				}
			}
		}
	}

	@Test
	void storesTextWithWholeSurrogatePairsAsSent() {
		String seller = token("emoji-seller", "SELLER");
		String title = "Lucky cat \ud83d\ude38 \u62db\u8d22\u732b";
		for (String path : PATHS) {
			Map<String, Object> body = body(path);
			body.put("title", "@@");
			String raw = JSON.writeValueAsString(body).replace("@@", "Lucky cat \\ud83d\\ude38 \u62db\u8d22\u732b");
			long id = json(post(path, seller, raw), 201).path("id").asLong();
			String stored = this.db.sql("SELECT title FROM campaigns WHERE id = $1")
				.bind(0, id)
				.map((row) -> row.get("title", String.class))
				.one()
				.block(Duration.ofSeconds(5));
			assertThat(stored).as(path).isEqualTo(title);
		}
	}

	private static Map<String, Object> body(String path) {
		return switch (path) {
			case "/api/flash-sales" -> flashSaleBody();
			case "/api/group-buys" -> groupBuyBody();
			default -> bargainBody();
		};
	}

}

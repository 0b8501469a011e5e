package io.flashgroup.loadtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Plain blocking calls made outside the measured load: minting dev tokens, creating and
 * reading campaigns, reading the server clock. Used from {@code before()}/{@code after()}
 * and feeders, never from a virtual user, so none of it shows up in the report.
 */
public final class ServerApi {

	static final ObjectMapper JSON = new ObjectMapper();

	private final String baseUrl;

	private final HttpClient client;

	/** Server time minus local time, in milliseconds; 0 until measured. */
	private volatile long clockOffsetMillis;

	/** Whether the offset came from a {@code serverTime} field rather than a Date header. */
	private volatile boolean preciseClock;

	ServerApi(String baseUrl) {
		this.baseUrl = baseUrl;
		this.client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
	}

	/**
	 * A GET with an optional bearer token.
	 * @param path path below the base URL
	 * @param token bearer token or {@code null}
	 * @return the response
	 */
	public Response get(String path, String token) {
		return send(request(path, token).GET().build());
	}

	/**
	 * A JSON POST with an optional bearer token.
	 * @param path path below the base URL
	 * @param token bearer token or {@code null}
	 * @param body request body, serialized as JSON
	 * @return the response
	 */
	public Response post(String path, String token, Object body) {
		return join(postAsync(path, token, body));
	}

	/**
	 * A JSON POST that may take longer than the usual 10 s (a seed of thousands of
	 * records).
	 */
	public Response post(String path, String token, Object body, Duration timeout) {
		return join(postAsync(path, token, body, timeout));
	}

	CompletableFuture<Response> postAsync(String path, String token, Object body) {
		return postAsync(path, token, body, Duration.ofSeconds(10));
	}

	private CompletableFuture<Response> postAsync(String path, String token, Object body, Duration timeout) {
		try {
			HttpRequest request = request(path, token).timeout(timeout)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
				.build();
			return sendAsync(request);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private HttpRequest.Builder request(String path, String token) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(Duration.ofSeconds(10))
			.header("Accept", "application/json, application/problem+json");
		if (token != null) {
			builder.header("Authorization", "Bearer " + token);
		}
		return builder;
	}

	private Response send(HttpRequest request) {
		return join(sendAsync(request));
	}

	private CompletableFuture<Response> sendAsync(HttpRequest request) {
		long sent = System.currentTimeMillis();
		return this.client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply((response) -> {
			long received = System.currentTimeMillis();
			response.headers().firstValue("Date").ifPresent((date) -> noteDate(date, sent, received));
			return new Response(request.method() + " " + request.uri(), response.statusCode(), response.body(),
					response.headers().firstValue("Location").orElse(null));
		});
	}

	private static Response join(CompletableFuture<Response> future) {
		try {
			return future.join();
		}
		catch (RuntimeException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw new IllegalStateException("Request failed: " + cause, cause);
		}
	}

	/**
	 * Takes the server clock from a body's {@code serverTime} (epoch ms or ISO-8601), the
	 * precise source; the {@code Date} header (whole seconds) is only a first estimate.
	 * @param serverTime the field
	 * @param sent local time the request left
	 * @param received local time the response arrived
	 */
	void noteServerTime(JsonNode serverTime, long sent, long received) {
		if (serverTime == null || serverTime.isMissingNode() || serverTime.isNull()) {
			return;
		}
		long server = serverTime.isNumber() ? serverTime.asLong() : Instant.parse(serverTime.asText()).toEpochMilli();
		this.clockOffsetMillis = server - (sent + received) / 2;
		this.preciseClock = true;
	}

	private void noteDate(String date, long sent, long received) {
		if (!this.preciseClock) {
			// Whole seconds: the middle of that second is the best guess.
			long server = ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
			this.clockOffsetMillis = server + 500 - (sent + received) / 2;
		}
	}

	/** @return the server's current time as best known */
	public Instant serverNow() {
		return Instant.ofEpochMilli(System.currentTimeMillis() + this.clockOffsetMillis);
	}

	/**
	 * Reads a campaign (any kind) and refreshes the clock offset from its
	 * {@code serverTime}.
	 * @param path the campaign's REST path, e.g. {@code /api/group-buys/7}
	 * @return the campaign
	 */
	public JsonNode campaign(String path) {
		long sent = System.currentTimeMillis();
		Response response = get(path, null);
		long received = System.currentTimeMillis();
		JsonNode campaign = response.expect(200);
		noteServerTime(campaign.path("serverTime"), sent, received);
		return campaign;
	}

	/**
	 * An HTTP answer.
	 *
	 * @param call method and URI, for messages
	 * @param status status code
	 * @param body body text
	 * @param location the Location header, may be {@code null}
	 */
	public record Response(String call, int status, String body, String location) {

		/**
		 * The body as JSON, if the status is the expected one.
		 * @param expected expected status
		 * @return the parsed body
		 */
		public JsonNode expect(int expected) {
			if (this.status != expected) {
				throw new IllegalStateException(this.call + " answered " + this.status + " (expected " + expected
						+ "): " + abbreviate(this.body));
			}
			return json();
		}

		/** @return the body as JSON */
		public JsonNode json() {
			try {
				return JSON.readTree(this.body);
			}
			catch (IOException ex) {
				throw new IllegalStateException(this.call + " did not answer JSON: " + abbreviate(this.body), ex);
			}
		}

		private static String abbreviate(String text) {
			return (text.length() > 300) ? text.substring(0, 300) + "..." : text;
		}

	}

}

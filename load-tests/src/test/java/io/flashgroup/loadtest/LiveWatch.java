package io.flashgroup.loadtest;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatling.http.action.ws.WsInboundMessage;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Session;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.ws;

/**
 * One live watcher: opens the WebSocket, expects {@code hello}, subscribes to the
 * campaign's topic and expects a {@code snapshot}, then stays, reading every
 * {@code update}, until the campaign reaches a final status (sold out, ended, cancelled)
 * or the watch deadline. Each update is checked for order ({@code seq} never goes
 * backwards) and its delay from the server's {@code serverTime} to arrival is recorded.
 * After all watchers closed, {@link #verification()} compares what each saw last with the
 * campaign's real state. Works for any campaign whose live state has {@code status} and
 * {@code stockLeft}.
 *
 * <p>
 * Request names in the report: {@code watch: connect}, {@code watch: hello},
 * {@code watch: subscribe}, {@code watch: snapshot}, {@code watch: close},
 * {@code watch: final state}.
 */
public final class LiveWatch {

	/** Report name of the WebSocket handshake. */
	public static final String CONNECT = "watch: connect";

	/** Report name of the wait for the server's hello after the handshake. */
	public static final String HELLO = "watch: hello";

	/** Report name of sending the subscription (takes no time: nothing is awaited). */
	public static final String SUBSCRIBE = "watch: subscribe";

	/** Report name of the wait for the snapshot after subscribing. */
	public static final String SNAPSHOT = "watch: snapshot";

	/** Report name of closing the WebSocket. */
	public static final String CLOSE = "watch: close";

	/** Report name of the one request comparing what the watchers saw last with the REST state. */
	public static final String FINAL_STATE = "watch: final state";

	private static final Set<String> FINAL_STATUSES = Set.of("SOLD_OUT", "ENDED", "CANCELLED");

	private final Campaign campaign;

	private final Histogram updateDelays = new ConcurrentHistogram(3_600_000, 3);

	private final LongAdder updates = new LongAdder();

	private final LongAdder backwards = new LongAdder();

	private final LongAdder stockIncreases = new LongAdder();

	private final LongAdder errors = new LongAdder();

	private final LongAdder sawStart = new LongAdder();

	private final LongAdder sawFinal = new LongAdder();

	private final LongAdder watchers = new LongAdder();

	/** How many watchers ended on each state ("SOLD_OUT stockLeft 0"). */
	private final Map<String, LongAdder> lastSeen = new ConcurrentHashMap<>();

	/**
	 * A watch of one campaign.
	 * @param campaign the campaign whose topic is watched
	 */
	public LiveWatch(Campaign campaign) {
		this.campaign = campaign;
	}

	/**
	 * The watcher's journey.
	 * @param watchFor how long a watcher stays at most after subscribing
	 * @return the chain
	 */
	public ChainBuilder journey(Duration watchFor) {
		return exec(ws(CONNECT).connect("/ws")
			.await(Duration.ofSeconds(10))
			.on(ws.checkTextMessage(HELLO).check(jsonPath("$.type").is("hello"))))
			.exec(ws(SUBSCRIBE)
				.sendText((session) -> "{\"op\":\"subscribe\",\"topic\":\"" + this.campaign.topic() + "\"}")
				.await(Duration.ofSeconds(10))
				.on(ws.checkTextMessage(SNAPSHOT)
					.matching(jsonPath("$.type").is("snapshot"))
					.check(jsonPath("$.seq").ofLong().saveAs("seq"),
							jsonPath("$.state.stockLeft").ofLong().saveAs("stockLeft"),
							jsonPath("$.state.status").saveAs("status"))))
			.exitHereIfFailed()
			.exec((session) -> {
				this.watchers.increment();
				return session.set("firstStatus", session.getString("status"))
					.set("backwards", 0)
					.set("errors", 0);
			})
			.asLongAsDuring((session) -> !isFinal(session.getString("status")), watchFor)
			.on(pause(Duration.ofMillis(200)).exec(ws.processUnmatchedMessages(this::read)))
			.exec(ws.processUnmatchedMessages(this::read))
			.exec(ws(CLOSE).close())
			.exec((session) -> {
				if (isFinal(session.getString("status"))) {
					this.sawFinal.increment();
				}
				if ("SCHEDULED".equals(session.getString("firstStatus"))
						&& !"SCHEDULED".equals(session.getString("status"))) {
					this.sawStart.increment();
				}
				this.lastSeen.computeIfAbsent(session.getString("status") + " stockLeft " + session.getLong("stockLeft"),
						(key) -> new LongAdder())
					.increment();
				return session;
			});
	}

	/**
	 * One request, after all watchers left, whose checks fail the run if any watcher ended
	 * on a state other than the campaign's real one (read over REST), or saw an update go
	 * backwards, or got an error message.
	 * @return the one-user population, to chain with {@code andThen} after the watchers
	 */
	public PopulationBuilder verification() {
		return scenario("Watchers' verdict").exec(http(FINAL_STATE).get((session) -> this.campaign.path())
			.check(bodyString().validate("every watcher ended on the sale's state", (body, session) -> {
				JsonNode sale = parse(body);
				String expected = sale.path("status").asText() + " stockLeft " + sale.path("stockLeft").asLong();
				Map<String, Long> wrong = new TreeMap<>();
				this.lastSeen.forEach((state, count) -> {
					if (!state.equals(expected)) {
						wrong.put(state, count.sum());
					}
				});
				if (!wrong.isEmpty()) {
					throw new IllegalStateException("sale is " + expected + ", watchers ended on " + wrong);
				}
				return body;
			}), bodyString().validate("live seq never went backwards", (body, session) -> {
				if (this.backwards.sum() > 0) {
					throw new IllegalStateException(this.backwards.sum() + " updates went backwards");
				}
				return body;
			}), bodyString().validate("no live error message", (body, session) -> {
				if (this.errors.sum() > 0) {
					throw new IllegalStateException(this.errors.sum() + " error messages");
				}
				return body;
			})))
			.injectOpen(atOnceUsers(1));
	}

	private static JsonNode parse(String body) {
		try {
			return ServerApi.JSON.readTree(body);
		}
		catch (IOException ex) {
			throw new IllegalStateException("not JSON: " + body, ex);
		}
	}

	private static boolean isFinal(String status) {
		return status == null || FINAL_STATUSES.contains(status);
	}

	/** Reads the messages that arrived since the last call, in order. */
	private Session read(List<WsInboundMessage> messages, Session session) {
		long seq = session.getLong("seq");
		long stockLeft = session.getLong("stockLeft");
		String status = session.getString("status");
		int backwards = session.getInt("backwards");
		int errors = session.getInt("errors");
		for (WsInboundMessage message : messages) {
			if (!(message instanceof WsInboundMessage.Text text)) {
				continue;
			}
			JsonNode json;
			try {
				json = ServerApi.JSON.readTree(text.message());
			}
			catch (IOException ex) {
				errors++;
				continue;
			}
			String type = json.path("type").asText();
			if ("error".equals(type)) {
				errors++;
				this.errors.increment();
				continue;
			}
			if (!("update".equals(type) || "snapshot".equals(type))
					|| !this.campaign.topic().equals(json.path("topic").asText())) {
				continue;
			}
			this.updates.increment();
			this.updateDelays.recordValue(Math.max(0, message.timestamp() - json.path("serverTime").asLong()));
			long messageSeq = json.path("seq").asLong();
			if (messageSeq < seq) {
				backwards++;
				this.backwards.increment();
				continue;
			}
			long messageStockLeft = json.path("state").path("stockLeft").asLong();
			if (messageStockLeft > stockLeft) {
				this.stockIncreases.increment();
			}
			seq = messageSeq;
			stockLeft = messageStockLeft;
			status = json.path("state").path("status").asText(status);
		}
		return session.set("seq", seq)
			.set("stockLeft", stockLeft)
			.set("status", status)
			.set("backwards", backwards)
			.set("errors", errors);
	}

	/** @return a printable summary, for {@code after()} */
	public String summary() {
		long count = this.watchers.sum();
		StringBuilder out = new StringBuilder("Live watchers:\n");
		out.append(String.format("  %d subscribed, %d saw the start pushed, %d saw a final status%n", count,
				this.sawStart.sum(), this.sawFinal.sum()));
		out.append(String.format("  %d updates read (%.1f per watcher), %d out of order, %d error messages%n",
				this.updates.sum(), (count > 0) ? (double) this.updates.sum() / count : 0.0, this.backwards.sum(),
				this.errors.sum()));
		out.append(String.format("  stockLeft went up %d times (only expiries or cancellations should do that)%n",
				this.stockIncreases.sum()));
		if (this.updateDelays.getTotalCount() > 0) {
			out.append(String.format(
					"  update delay serverTime -> arrival: p50 %d ms, p99 %d ms, max %d ms (clocks must agree)%n",
					this.updateDelays.getValueAtPercentile(50), this.updateDelays.getValueAtPercentile(99),
					this.updateDelays.getMaxValue()));
		}
		return out.toString();
	}

}

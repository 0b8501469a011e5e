package io.flashgroup.bench;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.Map;

import javax.management.ObjectName;

import io.flashgroup.campaign.ActiveCampaigns;
import io.flashgroup.campaign.CampaignKeys;
import io.flashgroup.live.LiveHub;
import io.flashgroup.shared.LuaScript;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.netty.util.internal.PlatformDependent;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What {@code load-tests/bench.sh} needs from the server besides the real API: a trivial
 * endpoint (the framework's ceiling), the naive PostgreSQL purchase (the obvious
 * alternative), the multi-row insert ceiling of the flusher, a pause of the flusher to
 * build a backlog, and the coordinates of Redis for {@code redis-benchmark}. Exists only
 * in the dev and test runs ({@code flashgroup.bench.enabled}); every path needs a token
 * like the rest of {@code /api}.
 */
@RestController
@RequestMapping("/api/bench")
@ConditionalOnBooleanProperty("flashgroup.bench.enabled")
class BenchController {

	private static final Map<String, Boolean> PONG = Map.of("pong", true);

	private static final LuaScript PURCHASE = LuaScript.load("flash_sale_purchase", "flash_sale_lib");

	private final NaivePostgresSales naive;

	private final RedisClusterReactiveCommands<String, String> redis;

	private final ActiveCampaigns campaigns;

	private final ApplicationContext context;

	private final Environment environment;

	BenchController(NaivePostgresSales naive, RedisClusterReactiveCommands<String, String> redis,
			ActiveCampaigns campaigns, ApplicationContext context, Environment environment) {
		this.naive = naive;
		this.redis = redis;
		this.campaigns = campaigns;
		this.context = context;
		this.environment = environment;
	}

	/** The framework ceiling: routing, security and JSON, nothing else. */
	@GetMapping("/ping")
	Mono<Map<String, Boolean>> ping() {
		return Mono.just(PONG);
	}

	/**
	 * Heap in use after a full collection, the live objects counted exactly (as
	 * {@code jmap -histo:live} does: a concurrent collector's "used" also counts what the
	 * load allocated meanwhile), and direct memory (the JDK's pool and Netty's own
	 * count): what stalled clients really hold, for {@code load-tests}' StalledClients.
	 */
	@PostMapping("/gc")
	Mono<Map<String, Long>> gc() {
		return Mono.fromCallable(() -> {
			System.gc();
			long direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)
				.stream()
				.filter((pool) -> "direct".equals(pool.getName()))
				.mapToLong(BufferPoolMXBean::getMemoryUsed)
				.sum();
			return Map.of("heapUsed", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), "liveHeap",
					liveHeap(), "direct", direct, "nettyDirect", PlatformDependent.usedDirectMemory());
		}).subscribeOn(Schedulers.boundedElastic());
	}

	/** The bytes of reachable objects, from the JVM's class histogram (its last line). */
	private static long liveHeap() throws Exception {
		String histogram = (String) ManagementFactory.getPlatformMBeanServer()
			.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
					new Object[] { new String[0] }, new String[] { String[].class.getName() });
		String[] lines = histogram.strip().split("\n");
		String[] total = lines[lines.length - 1].trim().split("\\s+");
		return Long.parseLong(total[total.length - 1]);
	}

	@PostMapping("/pg-sales")
	Mono<Map<String, Long>> createNaiveSale(@RequestBody Map<String, Integer> request) {
		return this.naive.create(request.getOrDefault("stock", 1_000_000)).map((id) -> Map.of("id", id));
	}

	@PostMapping("/pg-sales/{id}/purchases")
	Mono<ResponseEntity<Map<String, Object>>> naivePurchase(@PathVariable long id,
			org.springframework.security.core.Authentication shopper) {
		return this.naive.purchase(id, shopper.getName(), 1)
			.map((orderId) -> ResponseEntity.status(HttpStatus.CREATED).body(Map.<String, Object>of("id", orderId)))
			.defaultIfEmpty(ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("type", "sold-out")));
	}

	@PostMapping("/flusher/{action}")
	Mono<Map<String, Boolean>> flusher(@PathVariable String action) {
		SmartLifecycle flusher = this.context.getBean("orderFlusher", SmartLifecycle.class);
		if ("start".equals(action)) {
			flusher.start();
			return Mono.just(Map.of("running", flusher.isRunning()));
		}
		return Mono.<Void>create((sink) -> flusher.stop(sink::success)).thenReturn(Map.of("running", false));
	}

	@GetMapping("/campaigns/{id}/outbox")
	Mono<Map<String, Long>> outbox(@PathVariable long id) {
		return this.redis.xlen(new CampaignKeys(id).outbox()).map((entries) -> Map.of("entries", entries));
	}

	@PostMapping("/campaigns/{id}/insert-ceiling")
	Mono<Map<String, Object>> insertCeiling(@PathVariable long id, @RequestParam(defaultValue = "500") int batch) {
		return this.naive.copyOrders(id, batch);
	}

	/**
	 * Takes a sale out of the flusher's and timer worker's hands, so that
	 * {@code redis-benchmark} can call its purchase script with made-up order ids, and
	 * tells where Redis is.
	 */
	@PostMapping("/campaigns/{id}/redis-target")
	Mono<Map<String, Object>> redisTarget(@PathVariable long id) {
		CampaignKeys keys = new CampaignKeys(id);
		return this.campaigns.remove(id)
			.then(this.redis.scriptLoad(PURCHASE.body()))
			.map((sha) -> Map.of("host", this.environment.getProperty("spring.data.redis.host", "127.0.0.1"), "port",
					this.environment.getProperty("spring.data.redis.port", "6379"), "sha", sha, "keys",
					new String[] { keys.state(), keys.buyers(), keys.orders(), keys.idempotency(), keys.outbox(),
							keys.timers() },
					"channel", LiveHub.channel("flash-sale:" + id)));
	}

}

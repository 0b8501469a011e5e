package io.flashgroup.ratelimit;

import java.time.Duration;

import io.flashgroup.IntegrationTestSupport;
import io.flashgroup.ratelimit.RateLimitProperties.Bucket;
import io.flashgroup.ratelimit.TokenBuckets.Verdict;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The bucket script's arithmetic, against the real Redis. */
class TokenBucketsIntegrationTests extends IntegrationTestSupport {

	@Autowired
	TokenBuckets buckets;

	@Test
	void givesTheBurstThenRefusesWithTheTimeUntilTheNextToken() {
		String subject = "user:math-" + System.nanoTime();
		Bucket bucket = new Bucket(3, 0.5);
		assertThat(take(subject, bucket).tokensLeft()).isEqualTo(2);
		assertThat(take(subject, bucket).tokensLeft()).isEqualTo(1);
		assertThat(take(subject, bucket).tokensLeft()).isZero();

		Verdict refused = take(subject, bucket);
		assertThat(refused.allowed()).isFalse();
		// Half a token a second: the next one is at most 2 s away, and a refusal takes
		// none.
		assertThat(refused.retryAfterMillis()).isBetween(1_000L, 2_000L);
		assertThat(refused.retryAfterSeconds()).isEqualTo((refused.retryAfterMillis() + 999) / 1000);
		assertThat(take(subject, bucket).retryAfterMillis()).isLessThanOrEqualTo(refused.retryAfterMillis());
	}

	@Test
	void refillsAtItsRateAndForgetsAnIdleBucketOnceItWouldBeFull() {
		String subject = "user:refill-" + System.nanoTime();
		Bucket bucket = new Bucket(2, 10);
		take(subject, bucket);
		take(subject, bucket);
		assertThat(take(subject, bucket).allowed()).isFalse();

		// Ten tokens a second: one is back within about 100 ms.
		await().atMost(Duration.ofSeconds(2)).until(() -> take(subject, bucket).allowed());
		String key = TokenBuckets.key(subject, EndpointClass.PURCHASE);
		Long ttl = this.redis.pttl(key).block(Duration.ofSeconds(5));
		// Refilling two tokens takes 200 ms; the key lives that long plus a second.
		assertThat(ttl).isBetween(1L, 1_200L);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.redis.exists(key).block(Duration.ofSeconds(5)) == 0);
	}

	@Test
	void keepsEachSubjectInItsOwnSlot() {
		assertThat(TokenBuckets.key("user:u1", EndpointClass.SESSION)).isEqualTo("{rl:user:u1}:session");
		assertThat(TokenBuckets.key("ip:2001:db8::1", EndpointClass.DEFAULT)).isEqualTo("{rl:ip:2001:db8::1}:default");
	}

	private Verdict take(String subject, Bucket bucket) {
		return this.buckets.take(subject, EndpointClass.PURCHASE, bucket).block(Duration.ofSeconds(5));
	}

}

package io.flashgroup.ratelimit;

import java.util.concurrent.atomic.AtomicLong;

import io.flashgroup.ratelimit.TokenBuckets.Verdict;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RefusalsTests {

	private final AtomicLong now = new AtomicLong(1_000);

	private final Refusals refusals = new Refusals(this.now::get);

	@Test
	void refusesABucketLocallyUntilItsNextTokenThenAsksAgain() {
		this.refusals.remember("user:a|PURCHASE", new Verdict(false, 0, 300));

		this.now.addAndGet(100);
		Verdict known = this.refusals.current("user:a|PURCHASE");
		assertThat(known).isNotNull();
		assertThat(known.allowed()).isFalse();
		assertThat(known.retryAfterMillis()).isEqualTo(200);
		assertThat(this.refusals.current("user:b|PURCHASE")).isNull();

		this.now.addAndGet(200);
		assertThat(this.refusals.current("user:a|PURCHASE")).isNull();
	}

	@Test
	void neverRemembersAnAllowedRequest() {
		this.refusals.remember("user:a|PURCHASE", new Verdict(true, 3, 0));

		assertThat(this.refusals.current("user:a|PURCHASE")).isNull();
	}

	@Test
	void staysBoundedUnderAFloodOfDistinctBuckets() {
		for (int i = 0; i < Refusals.MAX_ENTRIES + 10; i++) {
			this.refusals.remember("ip:" + i + "|SESSION", new Verdict(false, 0, 60_000));
		}

		int remembered = 0;
		for (int i = 0; i < Refusals.MAX_ENTRIES + 10; i++) {
			remembered += (this.refusals.current("ip:" + i + "|SESSION") != null) ? 1 : 0;
		}
		assertThat(remembered).isLessThanOrEqualTo(Refusals.MAX_ENTRIES);
		assertThat(this.refusals.current("ip:" + (Refusals.MAX_ENTRIES + 9) + "|SESSION")).isNotNull();
	}

}

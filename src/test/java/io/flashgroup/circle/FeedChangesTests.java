package io.flashgroup.circle;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The change log behind kept feed pages: a page stays unchanged only while nothing it
 * shows changed, and forgetting old changes never forgets one a kept page missed.
 */
class FeedChangesTests {

	private static FeedChanges hearing(Duration recheck) {
		FeedChanges changes = new FeedChanges(new CircleProperties(2000, recheck));
		changes.hearing(true);
		return changes;
	}

	private static boolean unchanged(FeedChanges changes, long since) {
		return changes.unchanged(since, "viewer", List.of("friend-1", "friend-2"), List.of("sharer"), List.of(7L, 8L));
	}

	@Test
	void aPageIsUnchangedUntilSomethingItShowsChanges() {
		FeedChanges changes = hearing(Duration.ofMinutes(1));
		long since = changes.now();
		assertThat(unchanged(changes, since)).isTrue();
		changes.post(9);
		changes.user("stranger");
		changes.changed("someone", "else");
		assertThat(unchanged(changes, since)).as("changes of what the page does not show").isTrue();

		for (Runnable change : List.<Runnable>of(() -> changes.post(8), () -> changes.user("viewer"),
				() -> changes.changed("friend-2", "a-new-friend"), () -> changes.user("sharer"), changes::everything)) {
			long before = changes.now();
			change.run();
			assertThat(unchanged(changes, before)).isFalse();
			assertThat(unchanged(changes, changes.now())).as("a page computed after the change").isTrue();
		}
	}

	@Test
	void nothingIsHeldWhileTheNodeDoesNotHearOrWhenRecheckIsZero() {
		FeedChanges deaf = new FeedChanges(new CircleProperties(2000, Duration.ofMinutes(1)));
		assertThat(deaf.enabled()).isFalse();
		assertThat(unchanged(deaf, deaf.now())).isFalse();
		FeedChanges always = hearing(Duration.ZERO);
		assertThat(always.enabled()).isFalse();
		assertThat(unchanged(always, always.now())).isFalse();
		FeedChanges stopped = hearing(Duration.ofMinutes(1));
		long since = stopped.now();
		stopped.hearing(false);
		assertThat(unchanged(stopped, since)).isFalse();
	}

	@Test
	void forgettingOldChangesNeverForgetsOneAKeptPageMissed() {
		// A recheck of 1 ns: every change forgets the ones before the previous change.
		FeedChanges changes = hearing(Duration.ofNanos(1));
		long old = changes.now();
		changes.post(8);
		long afterFirst = changes.now();
		changes.post(100);
		assertThat(unchanged(changes, old)).as("a page older than the forgotten change of its post").isFalse();
		assertThat(unchanged(changes, afterFirst)).isTrue();
		changes.post(101);
		assertThat(unchanged(changes, afterFirst)).as("a page from before the last time the log forgot").isFalse();
	}

	@Test
	void claimsLeftAndLevelsPatchAPageAndAClaimChecksOnlyTheClaimersOwn() {
		FeedChanges changes = hearing(Duration.ofMinutes(1));
		long since = changes.now();
		changes.claims(8, 4, true);
		changes.claims(8, 6, true);
		changes.claims(9, 1, true);
		changes.level("sharer", 3);
		changes.level("someone-else", 5);
		changes.claimed("friend-1");
		FeedChanges.Patch patch = changes.patch(since, "viewer", List.of("friend-1", "friend-2"), List.of("sharer"),
				List.of(7L, 8L));
		assertThat(patch).isNotNull();
		assertThat(patch.claimsLeft()).as("a count heard late never raises one").containsExactly(Map.entry(8L, 4));
		assertThat(patch.levels()).containsExactly(Map.entry("sharer", 3));
		assertThat(changes.patch(changes.now(), "viewer", List.of("friend-1"), List.of("sharer"), List.of(8L)))
			.isEqualTo(FeedChanges.Patch.NONE);

		long beforeClaim = changes.now();
		changes.claimed("viewer");
		assertThat(unchanged(changes, beforeClaim)).as("the viewer's own claim: \"claimed by me\"").isFalse();
		long beforeWithdrawal = changes.now();
		changes.claims(7, 0, false);
		assertThat(unchanged(changes, beforeWithdrawal)).as("a withdrawn post leaves the page").isFalse();
	}

}

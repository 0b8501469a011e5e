package io.flashgroup.campaign;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import io.flashgroup.shared.ProblemException;
import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CampaignKeysTests {

	private static final String[] STABLE_42_OF_3 = { "{c:42}:state", "{c:42.1.4}:state", "{c:42.2.2}:state" };

	@Test
	void readsAnIdWrittenInAsciiDigits() {
		assertThat(CampaignKeys.parseId("12", "Sale")).isEqualTo(12);
		assertThat(CampaignKeys.parseId("4294967295", "Sale")).isEqualTo(CampaignKeys.MAX_ID);
		assertThat(CampaignKeys.idOf("7")).hasValue(7);
	}

	@Test
	void findsNoCampaignForAnyOtherSpelling() {
		for (String id : new String[] { "\u0661\u0662", "+1", "-1", "0", "007", " 1", "1 ", "1.0", "1e3", "",
				"4294967296", "99999999999999999999", "\uff11", "0x1" }) {
			assertThat(CampaignKeys.idOf(id)).as(id).isEmpty();
			assertThatExceptionOfType(ProblemException.class).as(id)
				.isThrownBy(() -> CampaignKeys.parseId(id, "Sale"))
				.satisfies((ex) -> assertThat(ex.type()).isEqualTo("not-found"));
		}
	}

	/**
	 * The slot ranges {@code redis-cli --cluster create} gives {@code masters} masters
	 * (its {@code clusterManagerCommandCreate}): the last slot of each.
	 */
	private static int[] lastSlots(int masters) {
		int[] last = new int[masters];
		double perNode = 16384.0 / masters;
		double cursor = 0;
		int first = 0;
		for (int i = 0; i < masters; i++) {
			int end = (int) Math.round(cursor + perNode - 1);
			if (end > 16384 || i == masters - 1) {
				end = 16383;
			}
			last[i] = Math.max(end, first);
			first = last[i] + 1;
			cursor += perNode;
		}
		return last;
	}

	private static int masterOf(int slot, int[] lastSlots) {
		int master = 0;
		while (slot > lastSlots[master]) {
			master++;
		}
		return master;
	}

	@Test
	void putsTheBucketsOfASaleSplitInKOnKDifferentMastersOfAnEvenCluster() {
		for (int buckets = 2; buckets <= CampaignKeys.MAX_BUCKETS; buckets++) {
			int[] lastSlots = lastSlots(buckets);
			for (long id = 1; id <= 3000; id++) {
				CampaignKeys keys = new CampaignKeys(id).split(buckets);
				Set<Integer> masters = new HashSet<>();
				for (int k = 0; k < buckets; k++) {
					CampaignKeys bucket = keys.inBucket(k);
					assertThat(SlotHash.getSlot(bucket.outbox())).isEqualTo(SlotHash.getSlot(bucket.state()));
					masters.add(masterOf(SlotHash.getSlot(bucket.state()), lastSlots));
				}
				assertThat(masters).as("masters of sale %d split in %d", id, buckets).hasSize(buckets);
			}
		}
	}

	/**
	 * Keys live in Redis across upgrades: every node and version derives the same ones.
	 */
	@Test
	void keepsEveryBucketsKeysStable() {
		assertThat(new CampaignKeys(42).state()).isEqualTo("{c:42}:state");
		assertThat(new CampaignKeys(42, 0, 3).orders()).isEqualTo("{c:42}:orders");
		assertThat(IntStream.range(0, 3).mapToObj((k) -> new CampaignKeys(42, k, 3).state()))
			.containsExactly(STABLE_42_OF_3);
	}

	@Test
	void namesEachBucketInTheActiveSetAndReadsItBack() {
		for (CampaignKeys keys : List.of(new CampaignKeys(7), new CampaignKeys(7, 2, 3), new CampaignKeys(7, 15, 16))) {
			assertThat(CampaignKeys.ofMember(keys.member())).isEqualTo(keys);
			assertThat(CampaignKeys.ofMember(keys.member()).state()).isEqualTo(keys.state());
		}
		assertThat(new CampaignKeys(7, 2, 3).member()).isEqualTo("7.2.3");
		for (String member : List.of("7.2", "7.3.3", "7.1.17", "x", "7..3")) {
			assertThatIllegalArgumentException().as(member).isThrownBy(() -> CampaignKeys.ofMember(member));
		}
	}

	@Test
	void refusesABucketPastTheSplit() {
		assertThatIllegalArgumentException().isThrownBy(() -> new CampaignKeys(7, 1, 1));
		assertThatIllegalArgumentException().isThrownBy(() -> new CampaignKeys(7, 0, 17));
		assertThatIllegalArgumentException().isThrownBy(() -> new CampaignKeys(7, -1, 2));
	}

}

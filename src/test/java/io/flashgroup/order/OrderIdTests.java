package io.flashgroup.order;

import io.flashgroup.campaign.CampaignKeys;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OrderIdTests {

	@Test
	void carriesItsCampaignIdInAVersion7Uuid() {
		OrderId id = OrderId.next(4_000_000_000L, 1_795_000_000_000L);
		assertThat(id.value().version()).isEqualTo(7);
		assertThat(id.value().variant()).isEqualTo(2);
		assertThat(id.campaignId()).isEqualTo(4_000_000_000L);
		assertThat(OrderId.parse(id.toString())).contains(id);
	}

	@Test
	void carriesTheBucketAndTheSplitSoAnyNodeFindsTheBucketsKeys() {
		for (int buckets = 1; buckets <= CampaignKeys.MAX_BUCKETS; buckets++) {
			for (int bucket = 0; bucket < buckets; bucket++) {
				CampaignKeys keys = new CampaignKeys(9, bucket, buckets);
				OrderId id = OrderId.parse(OrderId.next(keys, 1_795_000_000_000L).toString()).orElseThrow();
				assertThat(id.bucket()).isEqualTo(bucket);
				assertThat(id.buckets()).isEqualTo(buckets);
				assertThat(id.keys()).isEqualTo(keys);
				assertThat(id.keys().orders()).isEqualTo(keys.orders());
			}
		}
	}

	@Test
	void routesAnIdNamingABucketPastItsSplitToBucketZero() {
		OrderId minted = OrderId.next(9, 1_795_000_000_000L);
		// Bucket 5 of a sale split in 1: minted before ids carried the split, or forged.
		OrderId odd = new OrderId(new java.util.UUID(minted.value().getMostSignificantBits() | 5,
				minted.value().getLeastSignificantBits()));
		assertThat(odd.bucket()).isEqualTo(5);
		assertThat(odd.keys()).isEqualTo(new CampaignKeys(9));
	}

	@Test
	void sortsByCreationTime() {
		OrderId earlier = OrderId.next(7, 1_795_000_000_000L);
		OrderId later = OrderId.next(7, 1_795_000_000_001L);
		assertThat(earlier.toString()).isLessThan(later.toString());
	}

	@Test
	void rejectsTextThatIsNotAnOrderId() {
		assertThat(OrderId.parse("nope")).isEmpty();
		assertThat(OrderId.parse("123e4567-e89b-42d3-a456-426614174000")).isEmpty();
	}

	@Test
	void acceptsOnlyTheLowercaseCanonicalForm() {
		OrderId id = OrderId.next(12, 1_795_000_000_000L);
		String text = id.toString();
		String arabic = text.replace('1', '\u0661');
		assertThat(arabic).isNotEqualTo(text);
		for (String other : new String[] { text.toUpperCase(java.util.Locale.ROOT), arabic, "{" + text + "}",
				text + " ", " " + text, "+" + text.substring(1), text.substring(0, 35), text.replace("-", ""),
				"1-1-1-1-1" }) {
			assertThat(OrderId.parse(other)).as(other).isEmpty();
			assertThat(OrderId.campaignOf(other)).as(other).isEmpty();
		}
		assertThat(OrderId.campaignOf(text)).contains(12L);
	}

}

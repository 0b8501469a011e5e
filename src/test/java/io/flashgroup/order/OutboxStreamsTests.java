package io.flashgroup.order;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OutboxStreamsTests {

	@Test
	void aMissingGroupIsRecognisedAsRedis7AndRedis62ReportIt() {
		assertThat(OutboxStreams.groupMissing(new RedisCommandExecutionException(
				"NOGROUP No such key '{circle:0}:outbox' or consumer group 'circle-flusher'")))
			.isTrue();
		assertThat(OutboxStreams.groupMissing(new RedisCommandExecutionException(
				"ERR Error running script (call to f_4d39): @user_script:119: NOGROUP No such key '{circle:0}:outbox' "
						+ "or consumer group 'circle-flusher'")))
			.isTrue();
		assertThat(OutboxStreams.groupMissing(new RedisCommandExecutionException(
				"ERR Error running script (call to f_4d39): @user_script:12: WRONGTYPE Operation against a key")))
			.isFalse();
		assertThat(OutboxStreams.groupMissing(new RedisConnectionException("NOGROUP"))).isFalse();
	}

}

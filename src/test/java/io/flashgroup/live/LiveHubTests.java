package io.flashgroup.live;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LiveHubTests {

	@Test
	void readsTheSequenceNumberWithoutParsing() {
		assertThat(LiveHub.seqOf("{\"state\":{\"seq\":42},\"seq\":42,\"serverTime\":1}")).isEqualTo(42);
		assertThat(LiveHub.seqOf("{\"serverTime\":1}")).isEqualTo(-1);
	}

}

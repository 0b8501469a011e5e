package io.flashgroup.order;

import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;

import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcPermissionDeniedException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.r2dbc.BadSqlGrammarException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class FlushFailuresTests {

	@Test
	void backsOffFrom100MillisDoublingUpToTheMax() {
		Duration max = Duration.ofSeconds(10);
		assertThat(IntStream.range(0, 9).mapToObj((failures) -> FlushFailures.backoff(failures, max).toMillis()))
			.containsExactly(100L, 200L, 400L, 800L, 1600L, 3200L, 6400L, 10000L, 10000L);
		assertThat(FlushFailures.backoff(1000, max)).isEqualTo(max);
	}

	@Test
	void neverBacksOffLongerThan102SecondsWhateverTheMax() {
		Duration max = Duration.ofHours(1);
		assertThat(FlushFailures.backoff(10, max)).isEqualTo(Duration.ofMillis(102_400));
		assertThat(FlushFailures.backoff(Integer.MAX_VALUE, max)).isEqualTo(Duration.ofMillis(102_400));
	}

	@Test
	void blamesTheRecordForDataErrorsWhateverTheDriverCallsThem() {
		// r2dbc-postgresql reports a NUL in text (22021) as a bad-grammar exception.
		assertThat(FlushFailures.isRecordFault(spring(new R2dbcBadGrammarException("0x00", "22021")))).isTrue();
		assertThat(FlushFailures.isRecordFault(new R2dbcNonTransientResourceException("escape", "22P05"))).isTrue();
		assertThat(FlushFailures.isRecordFault(new R2dbcDataIntegrityViolationException("check", "23514"))).isTrue();
		assertThat(FlushFailures.isRecordFault(new R2dbcBadGrammarException("no state"))).isTrue();
	}

	@Test
	void blamesTheRecordWhenItCannotBeDecoded() {
		JacksonException broken = catchThrowableOfType(JacksonException.class,
				() -> JsonMapper.builder().build().readTree("{\"order\":"));
		assertThat(FlushFailures.isRecordFault(broken)).isTrue();
	}

	@Test
	void keepsTheBatchForRetryWhenPostgresIsUnreachableOrUnwell() {
		assertThat(FlushFailures.isRecordFault(new R2dbcNonTransientResourceException("refused", "08001"))).isFalse();
		assertThat(FlushFailures.isRecordFault(new R2dbcNonTransientResourceException("shutdown", "57P01"))).isFalse();
		assertThat(FlushFailures.isRecordFault(new R2dbcTransientResourceException("too many", "53300"))).isFalse();
		assertThat(FlushFailures.isRecordFault(new R2dbcPermissionDeniedException("denied", "42501"))).isFalse();
		assertThat(FlushFailures.isRecordFault(new R2dbcTimeoutException("slow"))).isFalse();
		assertThat(FlushFailures.isRecordFault(
				new DataAccessResourceFailureException("closed", new ConnectException("Connection refused"))))
			.isFalse();
		assertThat(FlushFailures.isRecordFault(new TimeoutException())).isFalse();
		assertThat(FlushFailures.isRecordFault(new IllegalStateException("unknown"))).isFalse();
	}

	@Test
	void describesTheErrorWithItsSqlState() {
		assertThat(FlushFailures.describe(spring(new R2dbcBadGrammarException("invalid byte sequence", "22021"))))
			.isEqualTo("R2dbcBadGrammarException [22021]: invalid byte sequence");
		assertThat(FlushFailures.describe(new R2dbcBadGrammarException("x".repeat(5000), "22021"))).hasSize(2000);
	}

	/** As Spring's DatabaseClient hands it over. */
	private static RuntimeException spring(R2dbcException cause) {
		return new BadSqlGrammarException("execute", "INSERT ...", cause);
	}

}

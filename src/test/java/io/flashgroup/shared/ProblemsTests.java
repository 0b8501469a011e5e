package io.flashgroup.shared;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemsTests {

	@Test
	void namesBareStatusesInTheHouseVocabulary() {
		assertThat(Problems.typeFor(HttpStatus.BAD_REQUEST)).isEqualTo("malformed-request");
		assertThat(Problems.typeFor(HttpStatus.NOT_FOUND)).isEqualTo("not-found");
		assertThat(Problems.typeFor(HttpStatus.NOT_ACCEPTABLE)).isEqualTo("not-acceptable");
		assertThat(Problems.typeFor(HttpStatus.CONTENT_TOO_LARGE)).isEqualTo("content-too-large");
		assertThat(Problems.typeFor(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE))
			.isEqualTo("request-header-fields-too-large");
		assertThat(Problems.typeFor(HttpStatus.INTERNAL_SERVER_ERROR)).isEqualTo("internal");
		assertThat(Problems.typeFor(HttpStatusCode.valueOf(499))).isEqualTo("error");
		assertThat(Problems.title("uri-too-long")).isEqualTo("URI too long");
		assertThat(Problems.title("sold-out")).isEqualTo("Sold out");
	}

	@Test
	void letsPlainUrisThroughAndStopsOnesSpringCannotRead() {
		assertThat(HttpDecoderProblems.readableUri("/api/flash-sales/12?status=LIVE")).isTrue();
		assertThat(HttpDecoderProblems.readableUri("/api/groups/..%2Fx")).isTrue();
		assertThat(HttpDecoderProblems.readableUri("/api/flash-sales/%D9%A1")).isTrue();
		assertThat(HttpDecoderProblems.readableUri("/api/flash-sales/%ZZ")).isFalse();
		assertThat(HttpDecoderProblems.readableUri("/api/flash-sales/1%")).isFalse();
		assertThat(HttpDecoderProblems.readableUri("/api/flash-sales/{1}")).isFalse();
	}

}

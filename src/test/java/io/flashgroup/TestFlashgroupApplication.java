package io.flashgroup;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.SpringApplication;

/**
 * The dev run: {@code ./mvnw spring-boot:test-run} starts the server on port 8080 against
 * embedded PostgreSQL and Redis, with the dev token endpoint and demo campaigns.
 */
public final class TestFlashgroupApplication {

	private TestFlashgroupApplication() {
	}

	public static void main(String[] args) {
		List<String> arguments = new ArrayList<>(List.of(args));
		EmbeddedServices.start().properties().forEach((key, value) -> arguments.add("--" + key + "=" + value));
		SpringApplication.from(FlashgroupApplication::main)
			.with(DemoData.class)
			.withAdditionalProfiles("dev")
			.run(arguments.toArray(String[]::new));
	}

}

package io.flashgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The embedded PostgreSQL of {@link EmbeddedServices} in a process of its own, for
 * scripts that run several server nodes against one database
 * ({@code load-tests/cluster-rush.sh}): it writes the nodes' properties as
 * {@code --key=value} lines to the file given, then lives for the seconds given (the
 * script stops it by its PID before).
 */
public final class SharedPostgres {

	private SharedPostgres() {
	}

	public static void main(String[] args) throws IOException, InterruptedException {
		List<String> lines = EmbeddedServices.start()
			.properties()
			.entrySet()
			.stream()
			.filter((property) -> !property.getKey().startsWith("spring.data.redis."))
			.map((property) -> "--" + property.getKey() + "=" + property.getValue())
			.toList();
		Path out = Path.of(args[0]);
		Files.write(out.resolveSibling(out.getFileName() + ".tmp"), lines);
		Files.move(out.resolveSibling(out.getFileName() + ".tmp"), out);
		Thread.sleep(Duration.ofSeconds(Long.parseLong(args[1])));
		System.exit(0);
	}

}

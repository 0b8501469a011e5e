package io.flashgroup.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The performance table: one row per figure, every HTTP figure also as a ratio of figure 0
 * (bare Reactor Netty, the machine's limit) and of figure 1 (the authenticated ping, the
 * framework's), with the load client's CPU share beside it, and the invariants the audits
 * checked.
 */
final class Table {

	private static final int CORES = Runtime.getRuntime().availableProcessors();

	private final List<Row> rows = new ArrayList<>();

	private final List<String> invariants = new ArrayList<>();

	/** The most a client of this many threads can use of the machine (0..1). */
	private final double clientLimit;

	private LoadResult bare;

	private LoadResult ping;

	Table(int clientThreads) {
		this.clientLimit = Math.min(clientThreads, CORES) / (double) CORES;
	}

	void bare(LoadResult bare) {
		this.bare = bare;
	}

	void ping(LoadResult ping) {
		this.ping = ping;
	}

	LoadResult ping() {
		return this.ping;
	}

	/** An HTTP figure; a 5xx or a request without an answer is an invariant violated. */
	void http(String figure, LoadResult result, String notes) {
		this.rows.add(new Row(new String[] { figure, "%,.0f/s".formatted(result.throughput()),
				"%.2f ms".formatted(result.p50Millis()), "%.2f ms".formatted(result.p99Millis()), "", "",
				cpu(result.clientCpu()), clientBound(result.clientCpu()) + notes + result.mix() }, result));
		if (result.serverErrors() > 0) {
			this.invariants
				.add("VIOLATED %s: %d server errors or failed requests".formatted(figure, result.serverErrors()));
		}
	}

	/** A figure that is not an HTTP throughput (Redis, fan-out, flusher). */
	void other(String figure, String throughput, String p50, String p99, double clientCpu, String notes) {
		this.rows.add(new Row(new String[] { figure, throughput, p50, p99, "", "", cpu(clientCpu), notes }, null));
	}

	void invariant(String line) {
		this.invariants.add(line);
	}

	boolean invariantsHold() {
		return this.invariants.stream().allMatch((line) -> line.startsWith("ok"));
	}

	String render(String title) {
		StringBuilder out = new StringBuilder(title).append("\n\n");
		out.append("| Figure | Throughput | p50 | p99 | x fig 0 | x ping | Client CPU | Notes |\n");
		out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
		for (Row row : this.rows) {
			String[] cells = row.cells().clone();
			if (row.result() != null) {
				// Taken now, so figures measured before figure 1 (0, 0b) get theirs too.
				cells[4] = ratio(row.result(), this.bare);
				cells[5] = ratio(row.result(), this.ping);
			}
			out.append("| ").append(String.join(" | ", cells)).append(" |\n");
		}
		out.append("\nx fig 0, x ping: the figure's throughput over figure 0's and figure 1's, measured in this run.\n");
		out.append(("Client CPU: the load client's CPU time over wall time x %d cores; wrk's threads can use at most "
				+ "%.0f%%, and from 80%% of that on the row says **client-bound**: the client, not the server, is "
				+ "the limit.\n")
			.formatted(CORES, 100 * this.clientLimit));
		out.append("\nInvariants (ops audit after each load):\n");
		this.invariants.forEach((line) -> out.append("- ").append(line).append('\n'));
		return out.toString();
	}

	private static String ratio(LoadResult result, LoadResult reference) {
		return (reference != null && reference != result) ? "%.2f".formatted(result.throughput() / reference.throughput())
				: (reference == result) ? "1.00" : "";
	}

	private String clientBound(double share) {
		return (share >= 0.8 * this.clientLimit) ? "**client-bound**; " : "";
	}

	private static String cpu(double share) {
		return Double.isNaN(share) ? "" : "%.0f%%".formatted(100 * share);
	}

	/** A row's cells; an HTTP figure's result (else null) gives its ratios at render time. */
	private record Row(String[] cells, LoadResult result) {
	}

}

package io.flashgroup.loadtest;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the shoppers of a rehearsal were told, counted on the client side: one counter per
 * outcome ({@code purchase reserved}, {@code purchase sold-out}, {@code pay paid}, ...),
 * plus the distinct orders reserved and paid. The audit compares these with the server's
 * books, and {@code after()} prints them, since Gatling's report only sees 201 and 409 as
 * "OK".
 */
public final class Outcomes {

	private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

	private final Map<String, Integer> reservedOrders = new ConcurrentHashMap<>();

	private final Set<String> paidOrders = ConcurrentHashMap.newKeySet();

	/**
	 * Counts one outcome.
	 * @param step {@code purchase}, {@code retry}, {@code pay}
	 * @param outcome e.g. {@code reserved}, {@code sold-out}, {@code replayed}
	 */
	public void count(String step, String outcome) {
		this.counts.computeIfAbsent(step + " " + outcome, (key) -> new LongAdder()).increment();
	}

	/**
	 * Notes an order the server reserved (a replay names the same order again).
	 * @param orderId the order
	 * @param units its quantity
	 */
	public void reserved(String orderId, int units) {
		this.reservedOrders.putIfAbsent(orderId, units);
	}

	/**
	 * Notes an order the server confirmed as paid.
	 * @param orderId the order
	 */
	public void paid(String orderId) {
		this.paidOrders.add(orderId);
	}

	/** @return units of distinct orders the server reserved for this run's shoppers */
	public long reservedUnits() {
		return this.reservedOrders.values().stream().mapToLong(Integer::longValue).sum();
	}

	/** @return distinct orders reserved */
	public long reservedOrders() {
		return this.reservedOrders.size();
	}

	/** @return units of orders paid */
	public long paidUnits() {
		return this.paidOrders.stream().mapToLong((id) -> this.reservedOrders.getOrDefault(id, 1)).sum();
	}

	/**
	 * @param key step and outcome, e.g. {@code purchase sold-out}
	 * @return how often it happened
	 */
	public long get(String key) {
		LongAdder adder = this.counts.get(key);
		return (adder != null) ? adder.sum() : 0;
	}

	/** @return a printable summary */
	public String summary() {
		StringBuilder out = new StringBuilder("Client-side outcomes:\n");
		new TreeMap<>(this.counts).forEach((key, count) -> out.append(String.format("  %-28s %8d%n", key, count.sum())));
		out.append(String.format("  %-28s %8d orders, %d units%n", "distinct reserved", reservedOrders(),
				reservedUnits()));
		out.append(String.format("  %-28s %8d orders, %d units%n", "distinct paid", this.paidOrders.size(),
				paidUnits()));
		return out.toString();
	}

}

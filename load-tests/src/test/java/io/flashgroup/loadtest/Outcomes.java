package io.flashgroup.loadtest;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the shoppers of a rehearsal were told, counted on the client side: one counter per
 * outcome ({@code purchase reserved}, {@code purchase sold-out}, {@code pay paid}, ...),
 * plus the distinct orders reserved, released (given back before paying: a group seat
 * left, an order found expired) and paid. The audit compares these with the server's
 * books, and {@code after()} prints them, since Gatling's report only sees 201 and 409 as
 * "OK".
 */
public final class Outcomes {

	private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

	private final Map<String, Integer> reservedOrders = new ConcurrentHashMap<>();

	private final Set<String> paidOrders = ConcurrentHashMap.newKeySet();

	private final Set<String> releasedOrders = ConcurrentHashMap.newKeySet();

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

	/**
	 * Notes an order whose units the server gave back before it was paid: a group seat
	 * left ({@code CANCELLED}), an order the payment found expired.
	 * @param orderId the order
	 */
	public void released(String orderId) {
		this.releasedOrders.add(orderId);
	}

	/** @return units of distinct orders the server reserved for this run's shoppers */
	public long reservedUnits() {
		return this.reservedOrders.values().stream().mapToLong(Integer::longValue).sum();
	}

	/** @return units of orders reserved and not released: what the shoppers still hold */
	public long heldUnits() {
		return this.reservedOrders.entrySet()
			.stream()
			.filter((entry) -> !this.releasedOrders.contains(entry.getKey()))
			.mapToLong((entry) -> entry.getValue().longValue())
			.sum();
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
		if (!this.releasedOrders.isEmpty()) {
			out.append(String.format("  %-28s %8d orders, %d units%n", "distinct released", this.releasedOrders.size(),
					reservedUnits() - heldUnits()));
		}
		out.append(String.format("  %-28s %8d orders, %d units%n", "distinct paid", this.paidOrders.size(),
				paidUnits()));
		return out.toString();
	}

}

package io.flashgroup.campaign;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A campaign's hot state rebuilt from PostgreSQL, key by key, for the one script that
 * writes it back ({@code campaign_restore.lua}) when Redis lost it. The order part comes
 * from the orders, the rest from the campaign's kind (its terms by
 * {@link Campaigns#rebuild}, its records by {@link CampaignType#rebuildRecords}); the
 * state hash is written last, so no script serves the campaign before everything else is
 * back.
 */
public final class HotState {

	private final CampaignKeys keys;

	private final long now;

	private final Map<String, String> state = new LinkedHashMap<>();

	private final Map<String, Map<String, String>> hashes = new LinkedHashMap<>();

	private final Map<String, List<String>> sortedSets = new LinkedHashMap<>();

	private final Map<String, Long> expiries = new LinkedHashMap<>();

	private int orders;

	private int records;

	/**
	 * @param keys the campaign's keys
	 * @param now the server clock at the rebuild, epoch ms
	 */
	public HotState(CampaignKeys keys, long now) {
		this.keys = keys;
		this.now = now;
	}

	public CampaignKeys keys() {
		return this.keys;
	}

	/** When the state is rebuilt (epoch ms): refunds and timers due now use it. */
	public long now() {
		return this.now;
	}

	/** Sets a field of the state hash. */
	public HotState state(String field, Object value) {
		this.state.put(field, String.valueOf(value));
		return this;
	}

	/** Adds to a numeric field of the state hash (a counter the records imply). */
	public HotState count(String field, long by) {
		this.state.merge(field, Long.toString(by), (a, b) -> Long.toString(Long.parseLong(a) + Long.parseLong(b)));
		return this;
	}

	/** The value of a state field set so far, 0 when none. */
	public long stateNumber(String field) {
		String value = this.state.get(field);
		return (value != null && !value.isEmpty()) ? Long.parseLong(value) : 0;
	}

	/** Sets a field of the hash {@code key}. */
	public HotState hash(String key, String field, String value) {
		this.hashes.computeIfAbsent(key, (k) -> new LinkedHashMap<>()).put(field, value);
		return this;
	}

	/** Adds to a numeric field of the hash {@code key}. */
	public HotState increment(String key, String field, long by) {
		this.hashes.computeIfAbsent(key, (k) -> new LinkedHashMap<>())
			.merge(field, Long.toString(by), (a, b) -> Long.toString(Long.parseLong(a) + Long.parseLong(b)));
		return this;
	}

	/** Adds a member to the sorted set {@code key}. */
	public HotState sortedSet(String key, long score, String member) {
		List<String> set = this.sortedSets.computeIfAbsent(key, (k) -> new ArrayList<>());
		set.add(Long.toString(score));
		set.add(member);
		return this;
	}

	/** Lets {@code key} expire after {@code seconds}, as the scripts that write it do. */
	public HotState expire(String key, long seconds) {
		this.expiries.put(key, seconds);
		return this;
	}

	/** Counts an order restored. */
	public void countOrder() {
		this.orders++;
	}

	/** Counts a record of the kind restored (a group, a session). */
	public void countRecord() {
		this.records++;
	}

	public int orders() {
		return this.orders;
	}

	public int records() {
		return this.records;
	}

	public Map<String, String> stateFields() {
		return this.state;
	}

	public Map<String, Map<String, String>> hashes() {
		return this.hashes;
	}

	public Map<String, List<String>> sortedSets() {
		return this.sortedSets;
	}

	public Map<String, Long> expiries() {
		return this.expiries;
	}

}

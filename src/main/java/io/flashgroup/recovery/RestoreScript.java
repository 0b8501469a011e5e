package io.flashgroup.recovery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.flashgroup.campaign.CampaignKeys;
import io.flashgroup.campaign.HotState;
import io.flashgroup.shared.LuaScript;
import io.flashgroup.shared.LuaScripts;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * The one script that writes a rebuilt campaign back ({@code campaign_restore.lua}): the
 * state as a plan of keys by index, hashes, sorted sets and expiries, the state hash
 * last.
 */
@Component
class RestoreScript {

	private static final LuaScript RESTORE = LuaScript.load("campaign_restore");

	private final LuaScripts scripts;

	private final JsonMapper json;

	RestoreScript(LuaScripts scripts, JsonMapper json) {
		this.scripts = scripts;
		this.json = json;
	}

	/**
	 * Writes the state with {@code campaign_restore.lua}: phase timers still to come and
	 * the live seq (the server time in ms, above any count it had) are added here.
	 * @param state the rebuilt state
	 * @return {@code RESTORED}, or what the script answers when the campaign has state
	 * already; empty when no kind found the campaign
	 */
	Mono<String> write(HotState state) {
		if (!state.stateFields().containsKey("kind")) {
			return Mono.empty(); // its kind no longer finds it: nothing to rebuild
		}
		long now = state.now();
		state.state("seq", now);
		CampaignKeys keys = state.keys();
		// The phase flips still to come, as creation schedules them (past ones have
		// happened).
		if (state.stateNumber("startsAt") > now) {
			state.sortedSet(keys.timers(), state.stateNumber("startsAt"), "phase:start");
		}
		if (state.stateNumber("endsAt") > now) {
			state.sortedSet(keys.timers(), state.stateNumber("endsAt"), "phase:end");
		}
		Map<String, Integer> index = new LinkedHashMap<>();
		index.put(keys.state(), 1);
		index.put(keys.outbox(), 2);
		for (String key : keys.all()) {
			if (!key.equals(keys.deadLetters())) {
				index.putIfAbsent(key, index.size() + 1);
			}
		}
		state.hashes().keySet().forEach((key) -> index.putIfAbsent(key, index.size() + 1));
		state.expiries().keySet().forEach((key) -> index.putIfAbsent(key, index.size() + 1));
		Map<String, Object> plan = new LinkedHashMap<>();
		plan.put("clear",
				index.entrySet()
					.stream()
					.filter((e) -> !e.getKey().equals(keys.outbox()) && !e.getKey().equals(keys.state()))
					.map(Map.Entry::getValue)
					.toList());
		plan.put("hashes", entries(state.hashes(), index));
		plan.put("sortedSets", entries(state.sortedSets(), index));
		plan.put("expire", entries(state.expiries(), index));
		List<String> fields = new ArrayList<>();
		state.stateFields().forEach((field, value) -> {
			fields.add(field);
			fields.add(value);
		});
		plan.put("state", fields);
		return this.scripts.value(RESTORE, index.keySet().toArray(String[]::new), this.json.writeValueAsString(plan));
	}

	private static List<List<Object>> entries(Map<String, ?> byKey, Map<String, Integer> index) {
		List<List<Object>> entries = new ArrayList<>();
		byKey.forEach((key, value) -> {
			Object items = (value instanceof Map<?, ?> hash) ? flatten(hash) : value;
			entries.add(List.of(index.get(key), items));
		});
		return entries;
	}

	private static List<Object> flatten(Map<?, ?> hash) {
		List<Object> items = new ArrayList<>(hash.size() * 2);
		hash.forEach((field, value) -> {
			items.add(field);
			items.add(value);
		});
		return items;
	}

}

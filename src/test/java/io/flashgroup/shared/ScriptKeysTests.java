package io.flashgroup.shared;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ScriptKeysTests {

	@Test
	void readsEveryFormTheHeadersUse() {
		assertThat(LuaScript.load("flash_sale_purchase", "flash_sale_lib").keys()).isEqualTo(new ScriptKeys(6, false));
		assertThat(LuaScript.load("campaign_retire").keys()).isEqualTo(new ScriptKeys(16, false));
		assertThat(LuaScript.load("campaign_create").keys()).isEqualTo(new ScriptKeys(3, false));
		assertThat(LuaScript.load("group_seat", "group_lib").keys()).isEqualTo(new ScriptKeys(9, false));
		assertThat(LuaScript.load("bargain_cut", "bargain_lib").keys()).isEqualTo(new ScriptKeys(11, false));
		assertThat(LuaScript.load("campaign_restore").keys()).isEqualTo(new ScriptKeys(3, true));
		assertThat(LuaScript.load("rate_limit").keys()).isEqualTo(new ScriptKeys(1, false));
	}

	@Test
	void aScriptEveryKindSharesTakesTheKeysOfTheKindLibItIsLoadedWith() {
		for (String script : List.of("campaign_view", "campaign_cancel", "campaign_timers")) {
			assertThat(LuaScript.load(script, "flash_sale_lib").keys()).as(script).isEqualTo(new ScriptKeys(6, false));
			assertThat(LuaScript.load(script, "group_lib").keys()).as(script).isEqualTo(new ScriptKeys(9, false));
			assertThat(LuaScript.load(script, "bargain_lib").keys()).as(script).isEqualTo(new ScriptKeys(11, false));
		}
	}

	@Test
	void readsTheKindsListFromWhicheverPreludeDeclaresIt() {
		Map<String, String> preludes = new LinkedHashMap<>();
		preludes.put("helpers", "-- no keys here\nlocal function f() end\n");
		preludes.put("coupon_lib", """
				-- Every coupon script gets the same KEYS:
				--   1 state, 2 coupons,
				--   3 claims
				local state_key = KEYS[1]
				""");
		String script = "-- Claims one.\n-- KEYS: see the kind's lib\n-- ARGV: 1 user\nreturn 1\n";
		assertThat(ScriptKeys.declaredBy("coupon_claim", script, preludes)).isEqualTo(new ScriptKeys(3, false));
	}

	@Test
	void refusesAScriptTakingItsKindsKeysWithoutAKindLib() {
		assertThatIllegalStateException().isThrownBy(() -> LuaScript.load("campaign_timers"))
			.withMessageContaining("campaign_timers");
	}

	@Test
	void refusesAScriptTakingItsKindsKeysWithTwoKindLibs() {
		assertThatIllegalStateException().isThrownBy(() -> LuaScript.load("campaign_view", "group_lib", "bargain_lib"))
			.withMessageContaining("2 kind preludes");
	}

	@Test
	void refusesAScriptLoadedWithAnotherLibThanTheOneItNames() {
		assertThatIllegalStateException().isThrownBy(() -> LuaScript.load("group_seat", "bargain_lib"))
			.withMessageContaining("group_lib");
	}

	@Test
	void everyScriptDeclaresItsKeys() {
		Map<String, String> sources = LuaScriptSources.all();
		assertThat(sources).containsKeys("campaign_lib", "flash_sale_lib", "group_lib", "bargain_lib");
		sources.forEach((name, source) -> {
			if (LuaScriptSources.isPrelude(name)) {
				return;
			}
			for (String[] preludes : LuaScriptSources.preludesOf(source)) {
				assertThat(LuaScript.load(name, preludes).keys().count()).as(LuaScriptSources.describe(name, preludes))
					.isPositive();
			}
		});
	}

	@Test
	void refusesAScriptWithoutADeclaration() {
		assertThatIllegalStateException()
			.isThrownBy(() -> ScriptKeys.declaredBy("nothing", "-- does things\nreturn 1\n", Map.of()));
	}

	@Test
	void acceptsExactlyTheDeclaredNumberOrMoreWhenOpen() {
		assertThat(new ScriptKeys(6, false).accepts(6)).isTrue();
		assertThat(new ScriptKeys(6, false).accepts(5)).isFalse();
		assertThat(new ScriptKeys(6, false).accepts(7)).isFalse();
		assertThat(new ScriptKeys(3, true).accepts(14)).isTrue();
		assertThat(new ScriptKeys(3, true).accepts(2)).isFalse();
	}

}

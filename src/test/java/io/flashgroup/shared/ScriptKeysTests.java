package io.flashgroup.shared;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ScriptKeysTests {

	@Test
	void readsEveryFormTheHeadersUse() {
		assertThat(LuaScript.load("flash_sale_purchase").keys()).isEqualTo(new ScriptKeys(6, false));
		assertThat(LuaScript.load("campaign_retire").keys()).isEqualTo(new ScriptKeys(14, false));
		assertThat(LuaScript.load("group_seat", "group_lib").keys()).isEqualTo(new ScriptKeys(9, false));
		assertThat(LuaScript.load("bargain_cut", "bargain_lib").keys()).isEqualTo(new ScriptKeys(11, false));
		assertThat(LuaScript.load("campaign_restore").keys()).isEqualTo(new ScriptKeys(3, true));
		assertThat(LuaScript.load("rate_limit").keys()).isEqualTo(new ScriptKeys(1, false));
	}

	@Test
	void everyScriptDeclaresItsKeys() throws IOException {
		Resource[] scripts = new PathMatchingResourcePatternResolver().getResources("classpath:scripts/*.lua");
		assertThat(scripts).isNotEmpty();
		for (Resource script : scripts) {
			String name = script.getFilename().replace(".lua", "");
			if (name.endsWith("lib")) {
				continue; // preludes
			}
			String prelude = name.startsWith("group") ? "group_lib" : name.startsWith("bargain") ? "bargain_lib" : null;
			LuaScript loaded = (prelude != null) ? LuaScript.load(name, prelude) : LuaScript.load(name);
			assertThat(loaded.keys().count()).as(name).isPositive();
		}
	}

	@Test
	void refusesAScriptWithoutADeclaration() {
		assertThatIllegalStateException()
			.isThrownBy(() -> ScriptKeys.declaredBy("nothing", "-- does things\nreturn 1\n", List.of()));
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

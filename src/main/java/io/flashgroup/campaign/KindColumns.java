package io.flashgroup.campaign;

import java.util.LinkedHashMap;
import java.util.Map;

import io.r2dbc.spi.Parameters;
import org.jspecify.annotations.Nullable;

/**
 * The columns of {@code campaigns} a kind fills beyond the shared ones, in the order it
 * adds them, with typed nulls for the optional ones.
 */
public final class KindColumns {

	private final Map<String, Object> values = new LinkedHashMap<>();

	/** Sets a column. */
	public KindColumns put(String column, Object value) {
		this.values.put(column, value);
		return this;
	}

	/** Sets an optional column: SQL NULL of {@code type} when {@code value} is null. */
	public KindColumns putNullable(String column, @Nullable Object value, Class<?> type) {
		this.values.put(column, (value != null) ? value : Parameters.in(type));
		return this;
	}

	Map<String, Object> values() {
		return this.values;
	}

}

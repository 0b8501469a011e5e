package io.flashgroup.giveaway;

import java.time.Instant;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * A new giveaway.
 *
 * @param sku product given away
 * @param title product title
 * @param winners units to give: winners drawn (1..1000)
 * @param opensAt entries accepted from
 * @param closesAt entries accepted until, after {@code opensAt} and in the future; the
 * draw follows
 * @param minLevel the lowest level that may enter (default 0)
 * @param levelWeights the weight of each level from 0, the last one for every higher
 * level, each 1..1000 (default 1 + L up to the highest level,
 * {@code level.Levels#highestLevel})
 */
record CreateGiveaway(@NotBlank @Size(max = 64) String sku, @NotBlank @Size(max = 200) String title,
		@NotNull @Min(1) @Max(1000) Integer winners, @NotNull Instant opensAt, @NotNull Instant closesAt,
		@Nullable @Min(0) @Max(1000) Integer minLevel,
		@Nullable @Size(min = 1, max = 1001) List<@NotNull @Min(1) @Max(1000) Integer> levelWeights) {
}

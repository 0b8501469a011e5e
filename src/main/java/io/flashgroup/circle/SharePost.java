package io.flashgroup.circle;

import io.flashgroup.shared.SingleLine;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * A request to share a paid order in the circle.
 *
 * @param orderId the caller's paid order
 * @param note what they say about it: one paragraph of at most 500 characters, no control
 * characters (absent: none)
 * @param rating 1 to 5 stars
 */
record SharePost(@NotNull @Size(min = 1, max = 64) String orderId, @Nullable @Size(max = 500) @SingleLine String note,
		@NotNull @Min(1) @Max(5) Integer rating) {
}

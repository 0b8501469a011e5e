package io.flashgroup.chat;

import java.time.Duration;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Chat limits.
 *
 * @param messagesPerWindow messages one shopper may send (over all threads) per
 * {@code window}: a token bucket of that burst, refilled evenly over the window
 * @param window the rate limit's window
 * @param maxPage the most messages one read returns ({@code limit} 1..this)
 */
@Validated
@ConfigurationProperties("flashgroup.chat")
record ChatProperties(@DefaultValue("20") @Min(1) int messagesPerWindow, @DefaultValue("1m") Duration window,
		@DefaultValue("100") @Min(1) int maxPage) {

	/** Tokens the bucket gets back per second. */
	double refillPerSecond() {
		return this.messagesPerWindow / (this.window.toMillis() / 1000.0);
	}

}

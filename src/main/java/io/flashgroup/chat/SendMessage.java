package io.flashgroup.chat;

import org.jspecify.annotations.Nullable;

/**
 * A message to send; checked by {@link ChatController} (the length counts characters
 * after trimming, which bean validation cannot say).
 *
 * @param text 1 to 1000 characters after trimming; line breaks allowed, no other control
 * characters
 * @param clientMessageId the sender's key for retries: 1 to 64 of {@code [A-Za-z0-9_-]}
 */
record SendMessage(@Nullable String text, @Nullable String clientMessageId) {
}

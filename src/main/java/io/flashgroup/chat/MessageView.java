package io.flashgroup.chat;

import java.time.Instant;
import java.util.List;

/**
 * A message as a reader sees it: never the sender's user id.
 *
 * @param id consecutive within the post's thread
 * @param postId the thread
 * @param sender who sent it, as the reader sees them
 * @param text plain text, to be shown as text (never as HTML)
 * @param sentAt when it was stored
 */
record MessageView(long id, long postId, Sender sender, String text, Instant sentAt) {

	static MessageView of(ChatMessage message, String reader, String authorId) {
		return new MessageView(message.id(), message.postId(), new Sender(message.senderName(),
				message.senderId().equals(reader), message.senderId().equals(authorId)), message.text(),
				message.sentAt());
	}

	/**
	 * The sender.
	 *
	 * @param displayName their display name
	 * @param you whether the reader sent it
	 * @param sharer whether the post's sharer sent it
	 */
	record Sender(String displayName, boolean you, boolean sharer) {
	}

	/**
	 * A page of a thread, oldest first.
	 *
	 * @param items the messages
	 * @param hasMore whether more messages lie beyond the page in the direction read
	 * ({@code after}: newer; {@code before} or the latest page: older)
	 * @param lastId the thread's last message id when read (0 for an empty thread)
	 */
	record Page(List<MessageView> items, boolean hasMore, long lastId) {
	}

}

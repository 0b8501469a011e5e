package io.flashgroup.chat;

import java.time.Instant;

/**
 * One stored message of a post's thread.
 *
 * @param postId the thread
 * @param id consecutive within the thread, from 1, in commit order
 * @param senderId who sent it (inside the node only, never sent to a client)
 * @param senderName their display name when they sent it
 * @param clientMessageId the sender's retry key
 * @param text 1 to 1000 characters, trimmed
 * @param sentAt PostgreSQL's time of the insert
 */
record ChatMessage(long postId, long id, String senderId, String senderName, String clientMessageId, String text,
		Instant sentAt) {
}

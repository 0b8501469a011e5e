package io.flashgroup.circle;

import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * Who may read a post, for features built around posts (the chat): its author, and
 * shoppers within distance 2 of the author ({@code friend.Reach}), the same rule as
 * {@code GET /api/circle/posts/{id}}.
 */
@Service
public class PostReaders {

	private final PostService posts;

	PostReaders(PostService posts) {
		this.posts = posts;
	}

	/**
	 * The post as the viewer reaches it; empty when it does not exist or is not theirs to
	 * see.
	 */
	public Mono<Reader> reader(long postId, String viewer) {
		return this.posts.placed(postId, viewer)
			.map((placed) -> new Reader(postId, placed.post().authorId(), placed.distance() == null));
	}

	/**
	 * A viewer allowed to read a post.
	 *
	 * @param postId the post
	 * @param authorId its sharer (inside the node only, never sent to a client)
	 * @param author whether the viewer is the sharer
	 */
	public record Reader(long postId, String authorId, boolean author) {
	}

}

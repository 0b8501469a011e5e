package io.flashgroup.circle;

import io.flashgroup.friend.Reach;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * Who may read a post, for features built around posts (the chat): its author, and
 * shoppers within distance 2 of the author ({@link Reach}), the same rule as {@code GET
 * /api/circle/posts/{id}}.
 */
@Service
public class PostReaders {

	private final PostService posts;

	private final Reach reach;

	PostReaders(PostService posts, Reach reach) {
		this.posts = posts;
		this.reach = reach;
	}

	/**
	 * The post as the viewer reaches it; empty when it does not exist or is not theirs to
	 * see.
	 */
	public Mono<Reader> reader(long postId, String viewer) {
		return this.posts.find(postId).flatMap((post) -> {
			if (post.authorId().equals(viewer)) {
				return Mono.just(new Reader(postId, post.authorId(), true));
			}
			return this.reach.path(viewer, post.authorId())
				.flatMap((path) -> path.isPresent() ? Mono.just(new Reader(postId, post.authorId(), false))
						: Mono.empty());
		});
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

package io.flashgroup.friend;

/**
 * Told on this node, after the commit and before the request that made it answers, of
 * every change of who sees whom: a friendship made or ended, a block or an unblock, a new
 * display name ({@code a} and {@code b} are then the same shopper). Other nodes learn it
 * from the {@code circle:friends} channel. A listener must be quick and must not throw.
 */
@FunctionalInterface
public interface FriendChangeListener {

	/**
	 * The Redis channel other nodes learn of changes on: message
	 * {@code "<userA> <userB>"} (a plain channel on a cluster too: a rare hint every node
	 * needs).
	 */
	String CHANNEL = "circle:friends";

	/** The pair whose relation (or, when equal, whose name) changed. */
	void changed(String a, String b);

}

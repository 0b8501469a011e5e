package io.flashgroup.campaign;

import java.util.Locale;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A kind of campaign (flash sale, group buy, bargain, ...): a value each kind's folder
 * declares once, so the machinery below the kinds can name, route and count a campaign
 * without knowing which kinds exist.
 *
 * @param name the name recorded in {@code campaigns.kind}, the state hash and orders,
 * e.g. {@code GROUP_BUY}
 * @param noun how problems name one, e.g. "Group buy"
 * @param topicPrefix the prefix of its campaign topic, e.g. {@code group-buy}, or null
 * when a campaign has no topic of its own (bargains are watched per session)
 */
public record CampaignKind(String name, String noun, @Nullable String topicPrefix) {

	private static final Pattern NAME = Pattern.compile("[A-Z][A-Z_]{1,30}");

	public CampaignKind {
		if (!NAME.matcher(name).matches()) {
			throw new IllegalArgumentException("A kind is named in capitals, e.g. GROUP_BUY: " + name);
		}
	}

	/** The campaign's topic, e.g. {@code group-buy:7}, or null when it has none. */
	public @Nullable String topic(long campaignId) {
		return (this.topicPrefix != null) ? this.topicPrefix + ":" + campaignId : null;
	}

	/** The metric tag value, e.g. {@code group_buy}. */
	public String tag() {
		return this.name.toLowerCase(Locale.ROOT);
	}

	/** "Group buy 7", as a problem names the campaign. */
	public String named(Object id) {
		return this.noun + " " + id;
	}

	/** "group buy", as a sentence names the kind. */
	public String inSentence() {
		return this.noun.toLowerCase(Locale.ROOT);
	}

	@Override
	public String toString() {
		return this.name;
	}

}

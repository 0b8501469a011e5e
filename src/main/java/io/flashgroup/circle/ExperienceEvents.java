package io.flashgroup.circle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.flashgroup.level.XpEvent;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * The experience events a flushed batch of circle records proves, from the newest version
 * of each record: a post earns its author a share (taken back once it is withdrawn); a
 * coupon earns its sharer a claim, and a purchase once it is USED. The ledger counts each
 * business id once, so replays and later versions of the same record add nothing.
 */
@Component
class ExperienceEvents {

	private final JsonMapper json;

	ExperienceEvents(JsonMapper json) {
		this.json = json;
	}

	List<XpEvent> of(List<String> posts, List<String> coupons) {
		Map<Long, Post> latestPosts = new LinkedHashMap<>();
		for (String record : posts) {
			Post post = this.json.readValue(record, Post.class);
			latestPosts.merge(post.id(), post, (a, b) -> (a.version() >= b.version()) ? a : b);
		}
		Map<String, Coupon> latestCoupons = new LinkedHashMap<>();
		for (String record : coupons) {
			Coupon coupon = this.json.readValue(record, Coupon.class);
			latestCoupons.merge(coupon.id(), coupon, (a, b) -> (a.version() >= b.version()) ? a : b);
		}
		List<XpEvent> events = new ArrayList<>();
		for (Post post : latestPosts.values()) {
			events.add(XpEvent.share(post.id(), post.authorId(), post.createdAt()));
			if (Post.WITHDRAWN.equals(post.status())) {
				events.add(XpEvent.shareWithdrawn(post.id(), post.authorId()));
			}
		}
		for (Coupon coupon : latestCoupons.values()) {
			events.add(XpEvent.claim(coupon.id(), coupon.sharerId(), coupon.userId(), coupon.claimedAt()));
			if ("USED".equals(coupon.status())) {
				events.add(XpEvent.purchase(coupon.id(), coupon.sharerId(), coupon.userId()));
			}
		}
		return events;
	}

}

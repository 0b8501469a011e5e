package io.flashgroup.coupon;

import java.util.List;

import io.flashgroup.shared.LuaScript;
import io.flashgroup.shared.LuaScripts;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/** The coupon's steps of redemption, each one script on the coupon's circle slot. */
@Component
class CouponScripts {

	private static final LuaScript LOCK = LuaScript.load("coupon_lock");

	private static final LuaScript SETTLE = LuaScript.load("coupon_settle");

	private final LuaScripts scripts;

	CouponScripts(LuaScripts scripts) {
		this.scripts = scripts;
	}

	/** Raw reply {outcome, coupon JSON}, see {@code coupon_lock.lua}. */
	Mono<List<Object>> lock(String couponId, String userId, String orderId) {
		return this.scripts.multi(LOCK, keys(couponId), couponId, userId, orderId);
	}

	/** Raw reply {outcome, coupon JSON}, see {@code coupon_settle.lua}. */
	Mono<List<Object>> settle(String couponId, String orderId, Verdict verdict) {
		return this.scripts.multi(SETTLE, keys(couponId), couponId, orderId, verdict.name());
	}

	private static String[] keys(String couponId) {
		CircleSlot slot = CircleSlot.ofPost(Coupon.postOf(couponId));
		return new String[] { slot.coupons(), slot.locks(), slot.outbox() };
	}

	/** What an order's fate means for the coupon it locked. */
	enum Verdict {

		/** The order is paid with the coupon. */
		USE,

		/** The order can no longer be paid with the coupon. */
		RELEASE,

		/** One pay attempt ended without marking the order paid. */
		DECLINE

	}

}

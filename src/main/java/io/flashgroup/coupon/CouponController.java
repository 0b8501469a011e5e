package io.flashgroup.coupon;

import java.util.List;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The signed-in shopper's coupons, optionally those usable on one of their orders. */
@RestController
class CouponController {

	private final MyCoupons coupons;

	CouponController(MyCoupons coupons) {
		this.coupons = coupons;
	}

	@GetMapping("/api/me/coupons")
	Mono<List<CouponView>> mine(@RequestParam(required = false) @Nullable String applicableTo, Authentication user) {
		return (applicableTo != null) ? this.coupons.applicableTo(user.getName(), applicableTo)
				: this.coupons.all(user.getName());
	}

}

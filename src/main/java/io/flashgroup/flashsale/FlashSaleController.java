package io.flashgroup.flashsale;

import java.net.URI;
import java.util.List;
import java.util.Locale;

import io.flashgroup.campaign.CampaignEndpoints;
import io.flashgroup.campaign.CampaignId;
import io.flashgroup.campaign.CampaignReads;
import io.flashgroup.campaign.Campaigns;
import io.flashgroup.order.Order;
import io.flashgroup.shared.ApiRoute;
import io.flashgroup.shared.IdempotencyKeys;
import io.flashgroup.shared.ProblemException;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The flash-sale API: the lifecycle routes ({@link CampaignEndpoints}), the list of
 * sales, and purchases.
 */
@RestController
@RequestMapping("/api/flash-sales")
class FlashSaleController extends CampaignEndpoints<CreateFlashSale, FlashSale, FlashSaleView> {

	static final List<String> STATUSES = List.of("SCHEDULED", "LIVE", "SOLD_OUT", "ENDED", "CANCELLED");

	private final FlashSaleService sales;

	FlashSaleController(Campaigns campaigns, CampaignReads reads, FlashSaleType type, FlashSaleService sales) {
		super(campaigns, reads, type);
		this.sales = sales;
	}

	@Override
	protected List<ApiRoute> kindRoutes(String base) {
		return List.of(ApiRoute.open(HttpMethod.GET, base, List.of("validation", "unavailable")), ApiRoute.forRoles(
				HttpMethod.POST, 201, base + "/{id}/purchases", List.of("SHOPPER"), "SHOPPER", "purchase",
				List.of("validation", "malformed-request", "idempotency-key-required", "unauthorized", "forbidden",
						"not-found", "sold-out", "limit-reached", "not-started", "ended", "cancelled",
						"idempotency-key-reused", "rate-limited", "unavailable", "idempotency-key-invalid")));
	}

	/** The view, written from the node's held bytes ({@link CampaignEndpoints#find}). */
	@Override
	@ApiResponse(responseCode = "200", description = "OK",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = FlashSaleView.class)))
	public Mono<ResponseEntity<DataBuffer>> find(@PathVariable String id) {
		return super.find(id);
	}

	@GetMapping
	Mono<List<FlashSaleView>> list(@RequestParam(required = false) @Nullable List<String> status) {
		List<String> statuses = (status == null || status.isEmpty()) ? List.of("LIVE", "SCHEDULED", "SOLD_OUT")
				: status.stream().map((s) -> s.toUpperCase(Locale.ROOT)).toList();
		if (!STATUSES.containsAll(statuses)) {
			throw ProblemException.invalidField("status", "must be one of " + STATUSES);
		}
		return campaigns().list(type(), statuses, FlashSaleView::status).collectList();
	}

	@PostMapping("/{id}/purchases")
	Mono<ResponseEntity<Order.Response>> purchase(@PathVariable String id,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey,
			@Valid @RequestBody(required = false) @Nullable PurchaseRequest request, Authentication shopper) {
		CampaignId saleId = campaignId(id);
		String key = IdempotencyKeys.require(idempotencyKey);
		int quantity = (request != null && request.quantity() != null) ? request.quantity() : 1;
		return this.sales.purchase(saleId, shopper.getName(), quantity, key)
			.map((reserved) -> ResponseEntity.status(HttpStatus.CREATED)
				.location(URI.create("/api/orders/" + reserved.value().id()))
				.header("Idempotent-Replayed", Boolean.toString(reserved.replayed()))
				.body(reserved.value().toResponse()));
	}

	/**
	 * Body of a purchase.
	 *
	 * @param quantity units to reserve (default 1)
	 */
	record PurchaseRequest(@Nullable @Min(1) @Max(1_000) Integer quantity) {
	}

}

package io.flashgroup.order;

import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The default gateway for demos and tests: approves every charge at once. A real
 * provider's adapter replaces it by declaring its own {@link PaymentGateway} bean.
 */
class SimulatedPaymentGateway implements PaymentGateway {

	@Override
	public Mono<String> charge(Order order) {
		return Mono.just("sim-" + order.id());
	}

	@Override
	public Mono<Void> refund(Order order, String paymentRef) {
		return Mono.empty();
	}

	@Configuration(proxyBeanMethods = false)
	static class SimulatedPaymentConfiguration {

		@Bean
		@ConditionalOnMissingBean(PaymentGateway.class)
		PaymentGateway simulatedPaymentGateway() {
			return new SimulatedPaymentGateway();
		}

	}

}

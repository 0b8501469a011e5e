package io.flashgroup.shared;

import java.util.List;

/**
 * Routes a feature declares (a kind's controllers declare theirs): the security chain,
 * the rate limiter and the API document read every bean of this type.
 */
public interface ApiRoutes {

	List<ApiRoute> apiRoutes();

}

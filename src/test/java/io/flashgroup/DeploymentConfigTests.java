package io.flashgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import org.springframework.boot.convert.DurationStyle;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployment examples in {@code config/} agree with each other and with the server:
 * probes on the management port's health groups, a grace period longer than the graceful
 * shutdown, every environment variable the profiles need provided, selectors that select
 * the pods.
 */
class DeploymentConfigTests {

	private static final Path CONFIG = Path.of("config");

	private static final Path K8S = CONFIG.resolve("k8s");

	private static final Pattern REQUIRED_VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+)}");

	@Test
	void kustomizationAppliesEveryManifestButTheSecretExample() throws IOException {
		Map<String, Object> kustomization = single("kustomization.yaml");
		Set<String> manifests = new HashSet<>();
		try (Stream<Path> files = Files.list(K8S)) {
			files.map((file) -> file.getFileName().toString())
				.filter((name) -> name.endsWith(".yaml") && !name.equals("kustomization.yaml")
						&& !name.equals("secret.example.yaml"))
				.forEach(manifests::add);
		}
		assertThat(list(kustomization, "resources")).containsExactlyInAnyOrderElementsOf(manifests);
	}

	@Test
	void probesAskTheManagementPortsHealthGroups() throws IOException {
		Map<String, Object> container = container();
		assertThat(path(container, "livenessProbe")).isEqualTo("/actuator/health/liveness");
		assertThat(path(container, "readinessProbe")).isEqualTo("/actuator/health/readiness");
		assertThat(path(container, "startupProbe")).isEqualTo("/actuator/health/liveness");
		for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
			assertThat(map(map(container, probe), "httpGet").get("port")).isEqualTo("management");
		}
		int managementPort = list(container, "ports").stream()
			.map(DeploymentConfigTests::asMap)
			.filter((port) -> "management".equals(port.get("name")))
			.mapToInt((port) -> (Integer) port.get("containerPort"))
			.findFirst()
			.orElseThrow();
		assertThat(Integer.parseInt(configMap().get("MANAGEMENT_PORT"))).isEqualTo(managementPort);
		assertThat(profile("application-prod.yml")).contains("port: ${MANAGEMENT_PORT:" + managementPort + "}");
	}

	@Test
	void theGracePeriodOutlastsPreStopAndGracefulShutdown() throws IOException {
		Map<String, Object> pod = podSpec();
		int grace = (Integer) pod.get("terminationGracePeriodSeconds");
		int preStop = (Integer) map(map(map(container(), "lifecycle"), "preStop"), "sleep").get("seconds");
		Map<String, Object> cluster = new Yaml().load(profile("application-cluster.yml"));
		Duration shutdown = DurationStyle
			.detectAndParse((String) map(map(cluster, "spring"), "lifecycle").get("timeout-per-shutdown-phase"));
		assertThat(Duration.ofSeconds(grace)).isGreaterThan(Duration.ofSeconds(preStop).plus(shutdown));
	}

	@Test
	void everyVariableTheProfilesRequireIsProvided() throws IOException {
		Map<String, String> configMap = configMap();
		List<String> profiles = List.of(configMap.get("SPRING_PROFILES_ACTIVE").split(","));
		assertThat(profiles).containsExactly("prod", "cluster");
		Set<String> provided = new HashSet<>(configMap.keySet());
		provided.addAll(asMap(single("secret.example.yaml").get("stringData")).keySet());
		List<String> required = new ArrayList<>();
		for (String profile : profiles) {
			Matcher matcher = REQUIRED_VARIABLE.matcher(profile("application-" + profile + ".yml"));
			while (matcher.find()) {
				required.add(matcher.group(1));
			}
		}
		assertThat(required).isNotEmpty();
		assertThat(provided).containsAll(required);
		List<String> sources = list(container(), "envFrom").stream()
			.map(DeploymentConfigTests::asMap)
			.map((source) -> asMap(source.getOrDefault("configMapRef", source.get("secretRef"))).get("name"))
			.map(String::valueOf)
			.toList();
		assertThat(sources).containsExactly("flashgroup", "flashgroup");
	}

	@Test
	void theServiceTheBudgetAndTheAutoscalerSelectTheDeploymentsPods() throws IOException {
		Map<String, Object> deployment = single("deployment.yaml");
		Map<String, Object> labels = map(map(map(deployment, "spec"), "template"), "metadata");
		Map<String, Object> podLabels = map(labels, "labels");
		assertThat(podLabels).containsAllEntriesOf(map(map(map(deployment, "spec"), "selector"), "matchLabels"));
		assertThat(podLabels).containsAllEntriesOf(map(map(single("service.yaml"), "spec"), "selector"));
		assertThat(podLabels)
			.containsAllEntriesOf(map(map(map(single("pdb.yaml"), "spec"), "selector"), "matchLabels"));
		Map<String, Object> target = map(map(single("hpa.yaml"), "spec"), "scaleTargetRef");
		assertThat(target).containsEntry("kind", "Deployment")
			.containsEntry("name", map(deployment, "metadata").get("name"));
		int minReplicas = (Integer) map(single("hpa.yaml"), "spec").get("minReplicas");
		int maxUnavailable = (Integer) map(single("pdb.yaml"), "spec").get("maxUnavailable");
		assertThat(minReplicas).as("a drain never takes the last pod").isGreaterThan(maxUnavailable);
		Map<String, Object> servicePort = asMap(list(map(single("service.yaml"), "spec"), "ports").get(0));
		assertThat(servicePort.get("targetPort")).isEqualTo("http");
	}

	private static String profile(String name) throws IOException {
		return Files.readString(CONFIG.resolve(name));
	}

	private static Map<String, String> configMap() throws IOException {
		Map<String, String> data = new LinkedHashMap<>();
		asMap(single("configmap.yaml").get("data")).forEach((key, value) -> data.put(key, String.valueOf(value)));
		return data;
	}

	private static Map<String, Object> podSpec() throws IOException {
		return map(map(map(single("deployment.yaml"), "spec"), "template"), "spec");
	}

	private static Map<String, Object> container() throws IOException {
		return asMap(list(podSpec(), "containers").get(0));
	}

	private static String path(Map<String, Object> container, String probe) {
		return (String) map(map(container, probe), "httpGet").get("path");
	}

	private static Map<String, Object> single(String file) throws IOException {
		return new Yaml().load(Files.readString(K8S.resolve(file)));
	}

	private static Map<String, Object> map(Map<String, Object> parent, String key) {
		Object value = parent.get(key);
		assertThat(value).as(key).isInstanceOf(Map.class);
		return asMap(value);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> asMap(Object value) {
		return (Map<String, Object>) value;
	}

	@SuppressWarnings("unchecked")
	private static List<Object> list(Map<String, Object> parent, String key) {
		Object value = parent.get(key);
		assertThat(value).as(key).isInstanceOf(List.class);
		return (List<Object>) value;
	}

}

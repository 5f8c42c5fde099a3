package dev.pedigree.helm;

import static dev.pedigree.helm.ChartFixture.HOOK_ANNOTATION;
import static dev.pedigree.helm.Manifests.at;
import static dev.pedigree.helm.Manifests.env;
import static dev.pedigree.helm.Manifests.list;
import static dev.pedigree.helm.Manifests.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.LintResult;
import dev.pedigree.helm.Manifests.Pod;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The chart, checked with the real helm: lint and template for the default values, for a GPU +
 * external-services values file and for a try-out install, then assertions on the manifests.
 */
class ChartTest {
  private static final Path GPU_EXTERNAL = ChartFixture.resource("values-gpu-external.yaml");
  private static final Map<String, String> TRY_OUT =
      Map.of("postgresql.dev.enabled", "true", "temporal.dev.enabled", "true");

  private static final String API = "ped-pedigree-api";
  private static final String MIGRATIONS = "ped-pedigree-migrations";

  @TempDir Path temp;

  static Stream<Arguments> valueSets() {
    return Stream.of(
        Arguments.of("defaults", null, Map.of()),
        Arguments.of("gpu-external", GPU_EXTERNAL, Map.of()),
        Arguments.of("try-out", null, TRY_OUT));
  }

  // ---- lint and template as a user runs them ----

  @Test
  void defaultValuesLintCleanly() {
    assertLintClean(ChartFixture.lint(null));
  }

  @Test
  void gpuExternalValuesLintCleanly() {
    assertLintClean(ChartFixture.lint(GPU_EXTERNAL));
  }

  @Test
  void tryOutValuesLintCleanly() throws IOException {
    Path values = Files.writeString(temp.resolve("try-out.yaml"),
        "postgresql:\n  dev:\n    enabled: true\ntemporal:\n  dev:\n    enabled: true\n");
    assertLintClean(ChartFixture.lint(values));
  }

  @Test
  void theChartAsItIsTemplatesForBothValueFiles() {
    assertThat(ChartFixture.templateAsIs(null)).contains("kind: Deployment", "name: ped-pedigree-worker-cpu");
    assertThat(ChartFixture.templateAsIs(GPU_EXTERNAL)).contains("name: ped-pedigree-worker-h100", "nvidia.com/gpu");
  }

  // ---- pods ----

  @ParameterizedTest(name = "{0}")
  @MethodSource("valueSets")
  void everyPodRunsAsNonRootWithALockedDownFilesystem(String name, Path values, Map<String, String> sets) {
    List<Pod> pods = ChartFixture.render(values, sets).pods();
    assertThat(pods).isNotEmpty();
    for (Pod pod : pods) {
      assertThat(at(pod.spec(), "securityContext.runAsNonRoot")).as("%s runAsNonRoot", pod).isEqualTo(true);
      assertThat(at(pod.spec(), "securityContext.runAsUser")).as("%s runAsUser", pod).isNotNull().isNotEqualTo(0);
      for (Map<String, Object> container : pod.allContainers()) {
        String what = pod + " container " + container.get("name");
        Map<String, Object> security = map(container.get("securityContext"));
        assertThat(security.get("runAsNonRoot")).as(what).isEqualTo(true);
        assertThat(security.get("allowPrivilegeEscalation")).as(what).isEqualTo(false);
        assertThat(security.get("readOnlyRootFilesystem")).as(what).isEqualTo(true);
        assertThat(String.valueOf(at(security, "capabilities.drop"))).as(what).isEqualTo("[ALL]");
        assertThat(security).as(what).doesNotContainKey("privileged");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valueSets")
  void everyLongRunningContainerHasLivenessAndReadinessProbes(String name, Path values, Map<String, String> sets) {
    Manifests manifests = ChartFixture.render(values, sets);
    List<Pod> longRunning =
        manifests.pods().stream().filter(p -> !p.ownerKind().equals("Job") && !p.ownerKind().equals("Pod")).toList();
    assertThat(longRunning).isNotEmpty();
    for (Pod pod : longRunning) {
      for (Map<String, Object> container : pod.containers()) {
        assertThat(container).as("%s %s", pod, container.get("name")).containsKeys("livenessProbe", "readinessProbe");
      }
    }

    Map<String, Object> api = manifests.pod("Deployment", API).container("api");
    assertThat(at(api, "livenessProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
    assertThat(at(api, "readinessProbe.httpGet.path")).isEqualTo("/actuator/health/readiness");
    assertThat(at(api, "readinessProbe.httpGet.port")).isEqualTo("http");
    assertThat(list(api, "ports")).anySatisfy(port -> {
      assertThat(port.get("name")).isEqualTo("http");
      assertThat(port.get("containerPort")).isEqualTo(8080);
    });

    for (Pod worker : workers(manifests)) {
      Map<String, Object> container = worker.container("worker");
      assertThat(at(container, "livenessProbe.httpGet.path")).as("%s", worker).isEqualTo("/healthz");
      assertThat(at(container, "livenessProbe.httpGet.port")).isEqualTo("health");
      Object healthPort = list(container, "ports").get(0).get("containerPort");
      assertThat(env(container)).containsEntry("PEDIGREE_WORKER_HEALTH_PORT", String.valueOf(healthPort));
    }
  }

  // ---- GPU workers ----

  @Test
  void gpuClassesRequestGpusTolerateGpuTaintsAndOutwaitTheirCheckpoint() {
    Manifests manifests = ChartFixture.render(GPU_EXTERNAL);
    assertThat(workers(manifests)).extracting(Pod::ownerName)
        .containsExactlyInAnyOrder("ped-pedigree-worker-cpu", "ped-pedigree-worker-h100", "ped-pedigree-worker-a100");

    Pod h100 = manifests.pod("Deployment", "ped-pedigree-worker-h100");
    Map<String, Object> container = h100.container("worker");
    assertThat(at(container, "resources.limits")).isEqualTo(Map.of("nvidia.com/gpu", 1, "memory", "96Gi"));
    assertThat(at(h100.spec(), "nodeSelector")).isEqualTo(Map.of("nvidia.com/gpu.product", "NVIDIA-H100-80GB-HBM3"));
    assertThat(list(h100.spec(), "tolerations")).extracting(t -> t.get("key")).containsExactly("nvidia.com/gpu", "dedicated");
    assertThat(env(container))
        .containsEntry("PEDIGREE_WORKER_QUEUE", "pedigree-gpu")
        .containsEntry("PEDIGREE_WORKER_DEVICE", "cuda")
        .containsEntry("PEDIGREE_WORKER_SHUTDOWN_GRACE", "840")
        .containsEntry("PEDIGREE_API_URL", "config:ped-pedigree/PEDIGREE_API_URL")
        .containsEntry("PEDIGREE_WORKER_TOKEN", "secret:pedigree-tokens/worker-token");
    assertThat(h100.spec().get("terminationGracePeriodSeconds")).isEqualTo(900);
    assertThat(list(h100.spec(), "volumes")).anySatisfy(v -> assertThat(v.get("name")).isEqualTo("dshm"));
    assertThat(at(manifests.get("Deployment", "ped-pedigree-worker-h100"), "spec.strategy.rollingUpdate.maxSurge"))
        .as("no surge pod waiting for a GPU that is not there").isEqualTo(0);

    Pod a100 = manifests.pod("Deployment", "ped-pedigree-worker-a100");
    assertThat(at(a100.container("worker"), "resources.limits")).isEqualTo(Map.of("nvidia.com/gpu", 1));
    assertThat(a100.container("worker").get("image")).isEqualTo("registry.example.com/pedigree/workers:0.1.0");
    assertThat(a100.spec().get("terminationGracePeriodSeconds")).isEqualTo(1800);
    assertThat(env(a100.container("worker"))).containsEntry("PEDIGREE_WORKER_SHUTDOWN_GRACE", "1700");
    assertThat(manifests.has("PodDisruptionBudget", "ped-pedigree-worker-a100")).isFalse();
    assertThat(manifests.has("PodDisruptionBudget", "ped-pedigree-worker-h100")).isTrue();

    Pod cpu = manifests.pod("Deployment", "ped-pedigree-worker-cpu");
    assertThat(cpu.container("worker").get("image")).isEqualTo("registry.example.com/pedigree/platform-api:0.1.0");
    assertThat(String.valueOf(at(cpu.container("worker"), "resources"))).doesNotContain("nvidia.com/gpu");
    assertThat(cpu.spec()).doesNotContainKey("tolerations");
    assertThat(env(cpu.container("worker")))
        .containsEntry("PEDIGREE_WORKER_QUEUE", "pedigree-cpu")
        .containsEntry("PEDIGREE_WORKER_DEVICE", "cpu");

    for (Pod worker : workers(manifests)) {
      int grace = (Integer) worker.spec().get("terminationGracePeriodSeconds");
      int shutdown = Integer.parseInt(env(worker.container("worker")).get("PEDIGREE_WORKER_SHUTDOWN_GRACE"));
      assertThat(shutdown).as("%s checkpoints before SIGKILL", worker).isLessThan(grace);
      assertThat(list(worker.container("worker"), "args")).isEqualTo(List.of("worker"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valueSets")
  void workersHoldNoDatabaseCredentials(String name, Path values, Map<String, String> sets) {
    List<Pod> workers = workers(ChartFixture.render(values, sets));
    assertThat(workers).isNotEmpty();
    for (Pod worker : workers) {
      assertThat(env(worker.container("worker")).keySet()).as("%s", worker).noneMatch(k -> k.startsWith("PEDIGREE_DB_"));
    }
  }

  @Test
  void shutdownGraceMustStayBelowTheTerminationGracePeriod() {
    assertThatThrownBy(() -> ChartFixture.render(null, Map.of("workers.shutdownGraceSeconds", "600")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("must be below terminationGracePeriodSeconds");
  }

  // ---- external services, secrets, config ----

  @Test
  void externalPostgresTemporalAndS3AreWiredThroughExistingSecrets() {
    Manifests manifests = ChartFixture.render(GPU_EXTERNAL);
    assertThat(manifests.ofKind("StatefulSet")).isEmpty();
    assertThat(manifests.has("Deployment", "ped-pedigree-temporal")).isFalse();
    assertThat(manifests.ofKind("Secret")).as("every credential comes from an existingSecret").isEmpty();

    Map<String, Object> config = map(manifests.get("ConfigMap", "ped-pedigree").get("data"));
    assertThat(config)
        .containsEntry("PEDIGREE_DB_URL", "jdbc:postgresql://pg.db.svc.cluster.local:5432/pedigree?sslmode=require")
        .containsEntry("PEDIGREE_TEMPORAL_TARGET", "temporal-frontend.temporal.svc.cluster.local:7233")
        .containsEntry("PEDIGREE_TEMPORAL_NAMESPACE", "pedigree-prod")
        .containsEntry("PEDIGREE_ARTIFACTS", "s3://ml-artifacts/pedigree")
        .containsEntry("PEDIGREE_S3_ENDPOINT", "http://minio.minio.svc.cluster.local:9000");

    Pod api = manifests.pod("Deployment", API);
    assertThat(env(api.container("api")))
        .containsEntry("PEDIGREE_DB_PASSWORD", "secret:pedigree-db/password")
        .containsEntry("PEDIGREE_ADMIN_TOKEN", "secret:pedigree-tokens/admin-token")
        .containsEntry("AWS_ACCESS_KEY_ID", "secret:pedigree-s3/AWS_ACCESS_KEY_ID")
        .containsEntry("AWS_SECRET_ACCESS_KEY", "secret:pedigree-s3/AWS_SECRET_ACCESS_KEY")
        .containsEntry("PEDIGREE_TEMPORAL_TLS_CERT", "/etc/pedigree/temporal-tls/tls.crt")
        .containsEntry("PEDIGREE_TEMPORAL_TLS_KEY", "/etc/pedigree/temporal-tls/tls.key")
        .containsEntry("PEDIGREE_TEMPORAL_TLS_CA", "/etc/pedigree/temporal-tls/ca.crt")
        .containsEntry("PEDIGREE_WORKER_EMBEDDED", "false");
    for (Pod pod : Stream.concat(Stream.of(api), workers(manifests).stream()).toList()) {
      assertThat(list(pod.spec(), "volumes"))
          .as("%s mounts the Temporal client certificate", pod)
          .anySatisfy(v -> assertThat(at(v, "secret.secretName")).isEqualTo("pedigree-temporal-mtls"));
    }

    assertThat(at(manifests.get("Deployment", API), "spec")).asInstanceOf(
        org.assertj.core.api.InstanceOfAssertFactories.MAP).doesNotContainKey("replicas");
    assertThat(at(manifests.get("HorizontalPodAutoscaler", API), "spec.maxReplicas")).isEqualTo(5);
    assertThat(at(manifests.get("Ingress", API), "spec.ingressClassName")).isEqualTo("nginx");
    assertThat(at(manifests.get("ServiceAccount", "ped-pedigree"), "metadata.annotations"))
        .isEqualTo(Map.of("eks.amazonaws.com/role-arn", "arn:aws:iam::123456789012:role/pedigree"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valueSets")
  void noSecretValueEndsUpInAConfigMapOrAPlainEnvValue(String name, Path values, Map<String, String> sets) {
    Map<String, String> secrets = Map.of(
        "postgresql.password", "db-pass-5f1e",
        "s3.accessKeyId", "AKIA-test-7c2d",
        "s3.secretAccessKey", "s3-secret-9a4b",
        "auth.adminToken", "admin-token-3e8f",
        "auth.workerToken", "worker-token-6b0c");
    Map<String, String> all = new java.util.HashMap<>(sets);
    all.putAll(secrets);
    Manifests manifests = ChartFixture.render(values, all);

    Pattern credentialName = Pattern.compile("(?i).*(password|secret|token|access_key).*");
    assertThat(manifests.ofKind("ConfigMap")).isNotEmpty();
    for (Map<String, Object> configMap : manifests.ofKind("ConfigMap")) {
      Map<String, Object> data = map(configMap.get("data"));
      assertThat(data.keySet()).as("ConfigMap keys").noneMatch(k -> credentialName.matcher(k).matches());
      for (String secret : secrets.values()) {
        assertThat(data.values()).as("ConfigMap values").noneMatch(v -> String.valueOf(v).contains(secret));
      }
    }
    for (Pod pod : manifests.pods()) {
      for (Map<String, Object> container : pod.allContainers()) {
        for (String value : env(container).values()) {
          assertThat(secrets.values()).as("%s env", pod).doesNotContain(value);
        }
      }
    }
    String secretData = manifests.ofKind("Secret").stream()
        .flatMap(s -> map(s.get("data")).values().stream())
        .map(v -> new String(Base64.getDecoder().decode(String.valueOf(v)), StandardCharsets.UTF_8))
        .reduce("", String::concat);
    if (values == null) {
      assertThat(secretData).as("inline credentials are kept in Secrets").contains(secrets.values());
    }
  }

  @Test
  void emptyTokensAreGeneratedOnceByAPreInstallHookSecret() {
    Manifests manifests = ChartFixture.render(null);
    Map<String, Object> generated = manifests.get("Secret", "ped-pedigree-generated");
    assertThat(annotation(generated, "")).isEqualTo("pre-install");
    assertThat(map(generated.get("data"))).containsOnlyKeys("admin-token", "worker-token");
    assertThat(env(manifests.pod("Deployment", API).container("api")))
        .containsEntry("PEDIGREE_ADMIN_TOKEN", "secret:ped-pedigree-generated/admin-token")
        .containsEntry("PEDIGREE_WORKER_TOKEN", "secret:ped-pedigree-generated/worker-token");

    Manifests tryOut = ChartFixture.render(null, TRY_OUT);
    assertThat(map(tryOut.get("Secret", "ped-pedigree-generated").get("data")))
        .containsOnlyKeys("admin-token", "worker-token", "db-password");
  }

  // ---- migrations ----

  @Test
  void migrationsRunAsAPreInstallPreUpgradeHookBeforeTheApi() {
    for (Path values : new Path[] {null, GPU_EXTERNAL}) {
      Manifests manifests = ChartFixture.render(values);
      Map<String, Object> job = manifests.get("Job", MIGRATIONS);
      assertThat(annotation(job, "")).isEqualTo("pre-install,pre-upgrade");
      assertThat(annotation(job, "-delete-policy")).contains("before-hook-creation");

      Map<String, Object> migrate = manifests.pod("Job", MIGRATIONS).container("migrate");
      assertThat(list(migrate, "args")).isEqualTo(List.of("migrate"));
      assertThat(String.valueOf(migrate.get("image"))).contains("platform-api");
      Map<String, String> env = env(migrate);
      assertThat(env.get("PEDIGREE_DB_URL")).as("inline: the ConfigMap does not exist before install").startsWith("jdbc:postgresql://");
      assertThat(env.get("PEDIGREE_DB_PASSWORD")).startsWith("secret:");
      assertThat(manifests.pod("Job", MIGRATIONS).spec()).doesNotContainKey("serviceAccountName");
    }

    Manifests defaults = ChartFixture.render(null);
    Map<String, Object> hookSecret = defaults.get("Secret", MIGRATIONS);
    assertThat(annotation(hookSecret, "")).isEqualTo("pre-install,pre-upgrade");
    assertThat(Integer.parseInt(annotation(hookSecret, "-weight")))
        .as("the password Secret exists before the Job starts")
        .isLessThan(Integer.parseInt(annotation(defaults.get("Job", MIGRATIONS), "-weight")));
    assertThat(env(defaults.pod("Job", MIGRATIONS).container("migrate")))
        .containsEntry("PEDIGREE_DB_PASSWORD", "secret:" + MIGRATIONS + "/db-password");
    assertThat(env(ChartFixture.render(GPU_EXTERNAL).pod("Job", MIGRATIONS).container("migrate")))
        .containsEntry("PEDIGREE_DB_PASSWORD", "secret:pedigree-db/password");
  }

  @Test
  void tryOutValuesRunPostgresAndDevTemporalInsideTheRelease() {
    Manifests manifests = ChartFixture.render(null, TRY_OUT);
    assertThat(manifests.has("StatefulSet", "ped-pedigree-postgresql")).isTrue();
    assertThat(manifests.has("Deployment", "ped-pedigree-temporal")).isTrue();
    Map<String, Object> config = map(manifests.get("ConfigMap", "ped-pedigree").get("data"));
    assertThat(config)
        .containsEntry("PEDIGREE_DB_URL", "jdbc:postgresql://ped-pedigree-postgresql:5432/pedigree")
        .containsEntry("PEDIGREE_TEMPORAL_TARGET", "ped-pedigree-temporal:7233");

    Map<String, Object> job = manifests.get("Job", MIGRATIONS);
    assertThat(annotation(job, "")).as("the database is part of the release: migrate after it exists")
        .isEqualTo("post-install,pre-upgrade");
    assertThat(manifests.pod("Job", MIGRATIONS).allContainers()).extracting(c -> c.get("name"))
        .containsExactly("wait-for-postgresql", "migrate");
    assertThat(env(manifests.pod("StatefulSet", "ped-pedigree-postgresql").container("postgresql")))
        .containsEntry("POSTGRES_PASSWORD", "secret:ped-pedigree-generated/db-password");
  }

  @Test
  void devicePricesReachTheApiAsItsEnvironment() throws IOException {
    Path values = Files.writeString(temp.resolve("prices.yaml"),
        "usage:\n  currency: EUR\n  prices:\n    cuda: 2.49\n    cpu: 0.05\n");
    Map<String, String> api = env(ChartFixture.render(values).pod("Deployment", API).container("api"));

    assertThat(api).containsEntry("PEDIGREE_USAGE_PRICES_CUDA", "2.49").containsEntry("PEDIGREE_USAGE_PRICES_CPU", "0.05")
        .containsEntry("PEDIGREE_USAGE_CURRENCY", "EUR");
    assertThat(env(ChartFixture.render(null).pod("Deployment", API).container("api")).keySet())
        .as("no price by default: no run has a cost").noneMatch(name -> name.startsWith("PEDIGREE_USAGE_PRICES_"));
  }

  // ---- the schema ----

  static Stream<Arguments> badValues() {
    return Stream.of(
        Arguments.of("replicaCount is not a number", "api:\n  replicaCount: many\n", "replicaCount"),
        Arguments.of("unknown worker class field", "workers:\n  classes:\n    - name: h100\n      gpu: 1\n", "gpu"),
        Arguments.of("worker class without a name", "workers:\n  classes:\n    - gpus: 1\n", "name"),
        Arguments.of("Temporal address without a port", "temporal:\n  address: temporal-frontend\n", "address"),
        Arguments.of("root pods", "podSecurityContext:\n  runAsNonRoot: false\n", "runAsNonRoot"),
        Arguments.of("misspelt top-level key", "workerz:\n  classes: []\n", "workerz"),
        Arguments.of("a price that is not a number", "usage:\n  prices:\n    cuda: cheap\n", "cuda"),
        Arguments.of("a device class Spring cannot bind from the environment",
            "usage:\n  prices:\n    cuda_h100: 4\n", "cuda_h100"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badValues")
  void theSchemaRejectsBadValues(String name, String yaml, String offendingField) throws IOException {
    Path values = Files.writeString(temp.resolve("bad-values.yaml"), yaml);
    assertThatThrownBy(() -> ChartFixture.templateAsIs(values))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("schema")
        .hasMessageContaining(offendingField);
    LintResult lint = ChartFixture.lint(values);
    assertThat(lint.isFailed()).as("helm lint of %s", name).isTrue();
    assertThat(String.join("\n", lint.getMessages())).contains("schema");
  }

  // ---- helpers ----

  private static List<Pod> workers(Manifests manifests) {
    return manifests.pods().stream().filter(p -> p.ownerName().startsWith("ped-pedigree-worker-")).toList();
  }

  /** A hook annotation (renamed by the fixture): suffix "" for the hook itself, "-weight", "-delete-policy". */
  private static String annotation(Map<String, Object> manifest, String suffix) {
    Object value = at(manifest, "metadata.annotations") instanceof Map<?, ?> annotations
        ? annotations.get(HOOK_ANNOTATION + suffix)
        : null;
    assertThat(value).as("%s%s on %s", HOOK_ANNOTATION, suffix, at(manifest, "metadata.name")).isNotNull();
    return String.valueOf(value);
  }

  private static void assertLintClean(LintResult result) {
    assertThat(result.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    assertThat(result.isFailed()).as("lint failed: %s", result.getMessages()).isFalse();
  }
}

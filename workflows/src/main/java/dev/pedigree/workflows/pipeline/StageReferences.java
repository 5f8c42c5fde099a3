package dev.pedigree.workflows.pipeline;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code ${stages.<name>.model}}: how a stage's spec names the model an upstream stage makes. */
public final class StageReferences {
  /** Any placeholder; those that are not {@link #MODEL} are errors. */
  public static final Pattern ANY = Pattern.compile("\\$\\{([^}]*)}");
  public static final Pattern MODEL = Pattern.compile("stages\\.([A-Za-z0-9_-]{1,64})\\.model");

  private StageReferences() {}

  /** The stages whose models {@code text} references, in order of first mention. */
  public static Set<String> stagesIn(String text) {
    Set<String> stages = new LinkedHashSet<>();
    Matcher any = ANY.matcher(text);
    while (any.find()) {
      Matcher model = MODEL.matcher(any.group(1));
      if (model.matches()) {
        stages.add(model.group(1));
      }
    }
    return stages;
  }

  /** {@code template} with each model reference replaced by the artifact id in {@code models}. */
  public static String resolve(String template, Map<String, String> models) {
    Matcher any = ANY.matcher(template);
    StringBuilder resolved = new StringBuilder();
    while (any.find()) {
      Matcher model = MODEL.matcher(any.group(1));
      if (!model.matches() || !models.containsKey(model.group(1))) {
        throw new IllegalArgumentException("unresolved reference " + any.group());
      }
      any.appendReplacement(resolved, Matcher.quoteReplacement(models.get(model.group(1))));
    }
    return any.appendTail(resolved).toString();
  }
}

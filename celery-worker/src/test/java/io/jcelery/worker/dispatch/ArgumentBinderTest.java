package io.jcelery.worker.dispatch;

import static io.jcelery.worker.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcelery.worker.CeleryTask;
import io.jcelery.worker.TaskContext;
import io.jcelery.worker.decode.TaskRequest;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ArgumentBinderTest {

  public record Point(int x, int y) {}

  /** A POJO with a no-arg constructor and setters. */
  public static final class Box {
    private String label;
    private List<Point> points;

    public String getLabel() {
      return label;
    }

    public void setLabel(String label) {
      this.label = label;
    }

    public List<Point> getPoints() {
      return points;
    }

    public void setPoints(List<Point> points) {
      this.points = points;
    }
  }

  public static final class Tasks {
    @CeleryTask("t.add")
    public static int add(int x, int y) {
      return x + y;
    }

    @CeleryTask("t.all")
    public static String all(
        long n,
        double f,
        boolean b,
        Integer boxed,
        String s,
        List<Integer> list,
        Map<String, List<String>> map,
        int[] ints,
        Point point,
        Box box,
        OffsetDateTime when,
        UUID uuid) {
      return String.join(
          "|",
          String.valueOf(n),
          String.valueOf(f),
          String.valueOf(b),
          String.valueOf(boxed),
          s,
          list.toString(),
          map.toString(),
          java.util.Arrays.toString(ints),
          point.toString(),
          box.getLabel() + box.getPoints(),
          when.toString(),
          uuid.toString());
    }

    @CeleryTask("t.context")
    public static String context(TaskContext context, String suffix) {
      return context.id() + "/" + context.taskName() + "/" + context.hostname() + suffix;
    }

    @CeleryTask("t.optional")
    public static String optional(String a, Optional<Integer> b) {
      return a + b.map(String::valueOf).orElse("-");
    }
  }

  private static final TaskRegistry REGISTRY =
      TaskRegistry.scan(List.of(Tasks.class), TaskDefaults.CELERY);

  private static Object call(String task, String args, String kwargs) throws Throwable {
    TaskRequest request = request(task, args, kwargs);
    RegisteredTask registered = REGISTRY.get(task);
    return registered.invoke(registered.bind(request.context(), request.args(), request.kwargs()));
  }

  @Test
  void bindsPositionalArgumentsByPosition() throws Throwable {
    assertThat(call("t.add", "[2, 3]", "{}")).isEqualTo(5);
  }

  @Test
  void bindsKeywordArgumentsByParameterName() throws Throwable {
    assertThat(call("t.add", "[]", "{\"y\": 40, \"x\": 2}")).isEqualTo(42);
    assertThat(call("t.add", "[1]", "{\"y\": 2}")).isEqualTo(3);
  }

  @Test
  void convertsToDeclaredGenericTypesIncludingRecordsPojosArraysAndTimes() throws Throwable {
    String args =
        """
        [7, 1.5, true, null, "text", [1, 2], {"k": ["a", "b"]}, [3, 4], {"x": 1, "y": 2},
         {"label": "box", "points": [{"x": 5, "y": 6}]}, "2024-05-06T10:11:12.123456Z",
         "12345678-1234-5678-1234-567812345678"]
        """;
    assertThat(call("t.all", args, "{}"))
        .isEqualTo(
            "7|1.5|true|null|text|[1, 2]|{k=[a, b]}|[3, 4]|Point[x=1, y=2]"
                + "|box[Point[x=5, y=6]]|2024-05-06T10:11:12.123456Z"
                + "|12345678-1234-5678-1234-567812345678");
  }

  @Test
  void injectsTheTaskContextWithoutConsumingAnArgument() throws Throwable {
    TaskRequest request = request("t.context", "[\"!\"]", "{}");
    RegisteredTask task = REGISTRY.get("t.context");
    Object result =
        task.invoke(task.bind(request.context(), request.args(), request.kwargs()));
    assertThat(result).isEqualTo(request.id() + "/t.context/celery@test!");
  }

  @Test
  void optionalParametersMayBeLeftOut() throws Throwable {
    assertThat(call("t.optional", "[\"a\"]", "{}")).isEqualTo("a-");
    assertThat(call("t.optional", "[\"a\", 1]", "{}")).isEqualTo("a1");
  }

  @Test
  void tooManyPositionalArgumentsIsATypeError() {
    assertThatThrownBy(() -> call("t.add", "[1, 2, 3]", "{}"))
        .isInstanceOf(ArgumentBindingException.class)
        .hasMessage("add() takes 2 positional arguments but 3 were given");
  }

  @Test
  void missingArgumentsAreNamedAsPythonNamesThem() {
    assertThatThrownBy(() -> call("t.add", "[]", "{}"))
        .isInstanceOf(ArgumentBindingException.class)
        .hasMessage("add() missing 2 required positional arguments: 'x' and 'y'");
    assertThatThrownBy(() -> call("t.add", "[1]", "{}"))
        .hasMessage("add() missing 1 required positional argument: 'y'");
  }

  @Test
  void unexpectedAndDuplicateKeywordArgumentsAreTypeErrors() {
    assertThatThrownBy(() -> call("t.add", "[1, 2]", "{\"z\": 3}"))
        .hasMessage("add() got an unexpected keyword argument 'z'");
    assertThatThrownBy(() -> call("t.add", "[1, 2]", "{\"x\": 3}"))
        .hasMessage("add() got multiple values for argument 'x'");
  }

  @Test
  void unconvertibleValuesNameTheParameterAndType() {
    assertThatThrownBy(() -> call("t.add", "[\"not a number\", 2]", "{}"))
        .isInstanceOf(ArgumentBindingException.class)
        .hasMessageStartingWith("add() argument 'x': cannot convert \"not a number\" to int");
    assertThatThrownBy(() -> call("t.add", "[null, 2]", "{}"))
        .hasMessage("add() argument 'x' is None, which int cannot hold");
    assertThatThrownBy(() -> call("t.add", "[1.5, 2]", "{}"))
        .isInstanceOf(ArgumentBindingException.class);
  }
}

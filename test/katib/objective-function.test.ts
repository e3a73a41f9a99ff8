/** The objective function's source brought to inspect.getsource's form, its name, and the SDK's signature check. */
import { describe, expect, test } from "vitest";
import { prepareObjective } from "../../src/katib/objective-function.ts";
import { dedent } from "../../src/python/python-source.ts";

describe("prepareObjective", () => {
  test("a file holding the function: comments and blank lines around it go, CRLF becomes LF, one final newline", () => {
    const source = "# Copyright\r\n\r\ndef objective(parameters):\r\n    x = 1  \r\n\r\n    print(x)\r\n    # kept: indented like the body\r\n\r\n# dropped\r\n\r\n";
    expect(prepareObjective({ source })).toEqual({ name: "objective", source: "def objective(parameters):\n    x = 1  \n\n    print(x)\n    # kept: indented like the body\n" });
  });

  test("an indented definition is dedented, as the SDK dedents a nested function", () => {
    const source = "    @decorator\n    def train(params):\n        return params\n";
    expect(prepareObjective({ source })).toEqual({ name: "train", source: "@decorator\ndef train(params):\n    return params\n" });
  });

  test("the name is the one top-level def, or the one asked for", () => {
    const source = "def helper(x):\n    return x\n\ndef objective(parameters):\n    def inner(y):\n        pass\n    print(helper(parameters))\n";
    expect(prepareObjective({ source, name: "objective" }).name).toBe("objective");
    expect(prepareObjective({ source: "async def run(p):\n    pass\n" }).name).toBe("run");
    expect(() => prepareObjective({ source })).toThrow(/defines helper, objective: give objective.name/);
    expect(() => prepareObjective({ source, name: "inner" })).toThrow(/no top-level function "inner"/);
  });

  test.each([
    ["def f(p): pass", undefined],
    ["def f(p, lr=0.1, *, verbose=False): pass", undefined],
    ["def f(*args): pass", undefined],
    ["def f(p, /, q=2, *rest, r=3, **kwargs): pass", undefined],
    ["def f(p: dict[str, tuple[int, int]] = {'a': (1, 2)}, q: str = 'x,y'): pass", undefined],
    ["def f(\n    p,  # the parameters, (commented)\n    q=')',\n): pass", undefined],
    ["def f(): pass", /takes no positional argument/],
    ["def f(**kwargs): pass", /takes no positional argument/],
    ["def f(a, b): pass", /b has no default/],
    ["def f(a, *, b): pass", /b has no default/],
    ["def f(*, a): pass", /a has no default/],
  ])("%s: callable with the parameters dict alone unless %s", (source, problem) => {
    if (problem === undefined) expect(prepareObjective({ source }).name).toBe("f");
    else expect(() => prepareObjective({ source })).toThrow(problem);
  });

  test.each([
    ["empty", ""],
    ["blank", " \n\t\n"],
    ["only comments", "# nothing here\n"],
    ["no def", "objective = lambda p: p\n"],
  ])("refuses %s source", (_title, source) => {
    expect(() => prepareObjective({ source })).toThrow(/objective\.source (is empty|defines no top-level function)/);
  });

  test("refuses a missing objective without reading it", () => {
    expect(() => prepareObjective(undefined as never)).toThrow(/objective\.source is empty/);
  });
});

describe("dedent (Python's textwrap.dedent)", () => {
  test.each([
    ["common spaces", "  a\n    b\n  c", "a\n  b\nc"],
    ["whitespace-only lines emptied and not counted", "    a\n  \n    b", "a\n\nb"],
    ["mixed tabs and spaces keep their common prefix", "\t  a\n\t b", " a\nb"],
    ["no common margin", "a\n  b", "a\n  b"],
    ["a line with CR counts as text", "  \r\n  a", "\r\na"],
  ])("%s", (_title, text, expected) => {
    expect(dedent(text)).toBe(expected);
  });
});

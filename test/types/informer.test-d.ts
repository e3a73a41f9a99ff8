/** The informer API's types: the object type flows from the descriptor to the cache, handlers and events. */
import { describe, expectTypeOf, test } from "vitest";
import { Connection, KatibClient, ResourceClient, TrainerClient, experimentResource, type Informer, type InformerEvent, type TrainerV1alpha1TrainJob, type V1beta1Experiment } from "../../src/index.ts";

declare const connection: Connection;

describe("Informer", () => {
  test("a ResourceClient's informer is typed by its descriptor", () => {
    const experiments = new ResourceClient(connection, experimentResource);
    expectTypeOf(experiments.informer()).resolves.toEqualTypeOf<Informer<V1beta1Experiment>>();
    expectTypeOf(new KatibClient(connection).experiments.informer({ namespace: "team-a" })).resolves.toEqualTypeOf<Informer<V1beta1Experiment>>();
    expectTypeOf(new TrainerClient(connection).trainJobs.informer({ allNamespaces: true })).resolves.toEqualTypeOf<Informer<TrainerV1alpha1TrainJob>>();
    // @ts-expect-error informers take no resourceVersion: they list first and keep it themselves
    void experiments.informer({ resourceVersion: "5" });
  });

  test("the cache, handlers and events carry the object type", async () => {
    const informer = await new ResourceClient(connection, experimentResource).informer();
    expectTypeOf(informer.get("x")).toEqualTypeOf<V1beta1Experiment | undefined>();
    expectTypeOf(informer.list()).toEqualTypeOf<V1beta1Experiment[]>();
    expectTypeOf(informer.hasSynced()).toEqualTypeOf<boolean>();
    expectTypeOf(informer.synced()).resolves.toBeVoid();
    informer.on("add", (object) => expectTypeOf(object).toEqualTypeOf<V1beta1Experiment>());
    informer.on("update", (object, oldObject) => {
      expectTypeOf(object).toEqualTypeOf<V1beta1Experiment>();
      expectTypeOf(oldObject).toEqualTypeOf<V1beta1Experiment>();
    });
    informer.on("delete", (object) => expectTypeOf(object).toEqualTypeOf<V1beta1Experiment>(), { name: "x" });
    informer.on("error", (error) => expectTypeOf(error).toBeUnknown());
    expectTypeOf(informer.on("add", () => {})).toEqualTypeOf<() => void>();
    // @ts-expect-error no such event
    informer.on("change", () => {});
    // @ts-expect-error an update handler gets objects, not strings
    informer.on("update", (object: string) => void object);
    // @ts-expect-error a filter names one object
    informer.on("add", () => {}, { namespace: "team-a" });
    for await (const event of informer.events()) {
      expectTypeOf(event).toEqualTypeOf<InformerEvent<V1beta1Experiment>>();
      if (event.type === "MODIFIED") expectTypeOf(event.oldObject).toEqualTypeOf<V1beta1Experiment>();
      // @ts-expect-error only MODIFIED carries the previous state
      if (event.type === "ADDED") void event.oldObject;
    }
  });
});

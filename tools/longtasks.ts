// What the Uncertainty page's main thread does during a 1,000-draw PSA: a DevTools trace of the
// run, and every task longer than 50 ms with the events inside it (script, style, layout, paint,
// GC) and the longtask entries the page itself observed. Run: npm run build, then
//   npx tsx tools/longtasks.ts [draws]
// Prints JSON lines (DETAIL=1: also what each traced long task contained); used to find what made
// the browser test's longest task exceed 100 ms.
import { writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { describeProblems, distDir, launchChromium, openPage, serveStatic } from "./browser.js";

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread (CPU) time of the event, µs. */
  tdur?: number;
  pid: number;
  tid: number;
  args?: Record<string, any>;
}

const draws = Number(process.argv[2] ?? 1000);
const site = await serveStatic(distDir);
const browser = await launchChromium();
try {
  const { page, problems } = await openPage(browser, site.origin);
  await page.goto(`${site.origin}/uncertainty.html#disease=sle&preset=us&n=${draws}&seed=1`, {
    waitUntil: "networkidle",
  });
  await page.locator(".groups-editor option").first().waitFor({ state: "attached", timeout: 120_000 });
  await page.locator("button.download-xlsx").waitFor({ state: "attached", timeout: 120_000 });
  await page.evaluate(() => {
    const w = window as unknown as { tasks: { start: number; duration: number; attribution: string }[] };
    w.tasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as any[])
        w.tasks.push({
          start: e.startTime,
          duration: e.duration,
          attribution: (e.attribution ?? [])
            .map((a: any) => `${a.name}:${a.containerType}:${a.containerSrc}`)
            .join(";"),
        });
    }).observe({ type: "longtask", buffered: false });
  });
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on("Tracing.dataCollected", (p) => events.push(...(p.value as unknown as TraceEvent[])));
  await cdp.send("Tracing.start", {
    traceConfig: {
      includedCategories: ["devtools.timeline", "v8", "disabled-by-default-devtools.timeline", "blink", "v8.execute"],
    },
  } as any);
  const t0 = Date.now();
  await page.getByRole("button", { name: new RegExp(`Run PSA \\(${draws} draws`) }).click();
  await page.getByRole("button", { name: /Download draws \(CSV\)/ }).waitFor({ timeout: 600_000 });
  const seconds = (Date.now() - t0) / 1000;
  const done = new Promise<void>((ok) => cdp.once("Tracing.tracingComplete", () => ok()));
  await cdp.send("Tracing.end");
  await done;
  const observed = await page.evaluate(() => (window as any).tasks);
  writeFileSync("/tmp/voi/trace.json", JSON.stringify({ traceEvents: events }));
  // The renderer main thread: the thread named CrRendererMain of the page's renderer.
  const main = events.find(
    (e) =>
      e.name === "thread_name" &&
      e.args?.name === "CrRendererMain" &&
      events.some((f) => f.pid === e.pid && f.name === "RunTask" && (f.dur ?? 0) > 50_000),
  );
  const onMain = events.filter((e) => main && e.pid === main.pid && e.tid === main.tid && e.ph === "X");
  const long = onMain.filter((e) => e.name === "RunTask" && (e.dur ?? 0) > 50_000);
  // Each long task the page observed (Long Tasks API, wall-clock ms), matched to the traced task of
  // the same duration: its main-thread CPU time (tdur) says how much of it was the page's own work
  // and how much waiting for a core.
  for (const o of observed as { start: number; duration: number }[]) {
    const t = long.find((e) => Math.abs((e.dur ?? 0) / 1000 - o.duration) < 1);
    console.log(JSON.stringify({ observedMs: o.duration, cpuMs: t?.tdur === undefined ? null : t.tdur / 1000 }));
  }
  for (const t of long) {
    const inside = onMain.filter((e) => e !== t && e.ts >= t.ts && e.ts + (e.dur ?? 0) <= t.ts + (t.dur ?? 0));
    const by = new Map<string, number>();
    for (const e of inside) {
      const label =
        e.name === "FunctionCall"
          ? `FunctionCall ${e.args?.data?.functionName || ""}@${(e.args?.data?.url ?? "").split("/").pop()}:${e.args?.data?.lineNumber}`
          : e.name;
      by.set(label, (by.get(label) ?? 0) + (e.dur ?? 0) / 1000);
    }
    const top = [...by]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 12)
      .map(([k, v]) => `${k} ${v.toFixed(1)}`);
    if (process.env.DETAIL)
      console.log(JSON.stringify({ taskMs: (t.dur ?? 0) / 1000, at: (t.ts - long[0].ts) / 1000, top }));
  }
  console.log(
    JSON.stringify({
      draws,
      seconds,
      longTasks: long.length,
      longestTraced: Math.max(0, ...long.map((t) => (t.dur ?? 0) / 1000)),
      observed,
      load: loadavg(),
      problems: describeProblems(problems),
    }),
  );
} finally {
  await browser.close();
  await site.close();
}

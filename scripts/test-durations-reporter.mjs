// A reporter for scripts/run-tests.mjs: how long each file's top-level tests and suites took,
// added up, as one JSON object { "<absolute path>": ms }. The next run starts the longest first.
export default async function* fileDurations(source) {
  const durations = {};
  for await (const event of source) {
    if ((event.type === 'test:pass' || event.type === 'test:fail') && event.data.nesting === 0 && event.data.file) {
      durations[event.data.file] = (durations[event.data.file] ?? 0) + (event.data.details?.duration_ms ?? 0);
    }
  }
  yield JSON.stringify(durations);
}

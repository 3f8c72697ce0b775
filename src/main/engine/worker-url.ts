// Where a worker module lives relative to the code that spawns it. From source (Node running
// TypeScript) it is the `.ts` file beside the caller; in the Electron bundle every entry and
// chunk sits flat in out/main, so it is the `.js` of the same name beside the bundle.

export function siblingModuleUrl(callerUrl: string, name: string): URL {
  return new URL(`./${name}${callerUrl.endsWith('.ts') ? '.ts' : '.js'}`, callerUrl);
}

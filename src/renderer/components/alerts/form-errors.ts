// Engine field errors at their inputs: "positions.add: lots: must be above zero" names 'lots'
// (the transport prefixes the method); the message shown drops the method.

/** The field an engine message is about, '' when it names none. */
export function fieldOf(message: string): string {
  return /^(?:[a-z]+\.[a-z_]+: )?([a-z_]+)(?:\.[a-z_]+)?: /.exec(message)?.[1] ?? '';
}

export function fieldError(err: unknown): { field: string; message: string } {
  const message = (err as Error)?.message ?? String(err);
  return { field: fieldOf(message), message: message.replace(/^[a-z]+\.[a-z_]+: /, '') };
}

/** A set of typed listeners whose failures are reported, never propagated. */
export class Listeners<T> {
  private readonly set = new Set<(value: T) => void>();

  /** Adds `listener`; returns its disposer. */
  add(listener: (value: T) => void): () => void {
    this.set.add(listener);
    return () => this.set.delete(listener);
  }

  emit(value: T, onError: (err: unknown) => void = () => undefined): void {
    for (const listener of [...this.set]) {
      try {
        listener(value);
      } catch (err) {
        onError(err);
      }
    }
  }
}

/** An error's message for a warning line. */
export function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

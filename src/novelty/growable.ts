// Append-only typed arrays: a million papers' term vectors as a few flat buffers rather than a
// million objects (a third of the memory, and no garbage collector walking them). The buffers are
// SharedArrayBuffers, so that scoring threads (./parallel-scoring) read them without a copy.

type TypedArray = Int32Array | Uint16Array | Uint8Array;

export class Growable<T extends TypedArray> {
  private buffer: T;
  length = 0;

  constructor(private readonly make: (size: number) => T, capacity = 1024) {
    this.buffer = make(capacity);
  }

  push(value: number): void {
    if (this.length === this.buffer.length) {
      const bigger = this.make(this.buffer.length * 2);
      bigger.set(this.buffer as never);
      this.buffer = bigger;
    }
    this.buffer[this.length++] = value;
  }

  /** The values pushed so far (a view: valid until the next push). */
  view(): T {
    return this.buffer.subarray(0, this.length) as T;
  }
}

/** An Int32Array of `length` zeros on a SharedArrayBuffer. */
export const sharedInt32Array = (length: number): Int32Array => new Int32Array(new SharedArrayBuffer(length * Int32Array.BYTES_PER_ELEMENT));

export const int32s = (capacity?: number): Growable<Int32Array> => new Growable(sharedInt32Array, capacity);
export const uint16s = (capacity?: number): Growable<Uint16Array> =>
  new Growable((n) => new Uint16Array(new SharedArrayBuffer(n * Uint16Array.BYTES_PER_ELEMENT)), capacity);
export const uint8s = (capacity?: number): Growable<Uint8Array> => new Growable((n) => new Uint8Array(new SharedArrayBuffer(n)), capacity);

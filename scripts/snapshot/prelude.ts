// Imported first by the snapshot entry. V8 cannot serialize ICU-backed Intl objects (they
// hold native pointers through global handles: "global handle not serialized: [Foreign]"),
// and string-width (yargs → cliui, wrap-ansi) makes `new Intl.Segmenter()` at module load.
// While the snapshot is built, Intl.Segmenter is a stand-in that creates the real segmenter
// on first use and forgets it just before serialization; after deserialization the real
// constructor is back and stand-ins recreate their segmenter on next use.
import { setFlagsFromString, startupSnapshot } from 'node:v8';

if (startupSnapshot.isBuildingSnapshot()) {
  // Irregexp compiles big regular expressions to native code in code large-object space,
  // which the V8 11.3 serializer cannot write ("Fatal error: unreachable code" in
  // ObjectSerializer::SerializeObject). Interpreted regexps (bytecode) serialize fine and
  // tier up again at run time. Passing --regexp-interpret-all on the command line instead
  // changes the V8 flag hash, and the blob then refuses to load without the same flag.
  setFlagsFromString('--regexp-interpret-all');
  startupSnapshot.addSerializeCallback(() =>
    setFlagsFromString('--no-regexp-interpret-all --regexp-tier-up'),
  );
  const Real = Intl.Segmenter;
  const REAL = Symbol('real segmenter');
  type Args = ConstructorParameters<typeof Intl.Segmenter>;
  const made: LazySegmenter[] = [];
  // Code points whose grapheme-cluster-break class is Other or Control: each is its own
  // segment (CR LF aside). Latin up to U+02FF, and general punctuation such as … — “ ”.
  const SIMPLE = /^[\u0000-\u02ff\u2010-\u2027\u2030-\u205e]*$/;
  class LazySegmenter {
    [REAL]: Intl.Segmenter | undefined;
    readonly args: Args;
    constructor(...args: Args) {
      this.args = args;
      made.push(this);
    }
    get real(): Intl.Segmenter {
      this[REAL] ??= new Real(...this.args);
      return this[REAL];
    }
    segment(input: string) {
      // Simple text in grapheme mode (all yargs help text): one segment per character, CR LF
      // together, exactly as ICU would say, without building an ICU break iterator (~8 ms).
      const grapheme = (this.args[1]?.granularity ?? 'grapheme') === 'grapheme';
      if (!grapheme || !SIMPLE.test(input)) return this.real.segment(input);
      const real = () => this.real.segment(input);
      return {
        *[Symbol.iterator]() {
          for (let i = 0; i < input.length; i++) {
            const two = input[i] === '\r' && input[i + 1] === '\n';
            yield { segment: two ? '\r\n' : input[i], index: i, input };
            if (two) i++;
          }
        },
        containing: (index?: number) => real().containing(index),
      };
    }
    resolvedOptions() {
      return this.real.resolvedOptions();
    }
    static supportedLocalesOf(...args: Parameters<typeof Real.supportedLocalesOf>) {
      return Real.supportedLocalesOf(...args);
    }
  }
  Object.defineProperty(Intl, 'Segmenter', {
    value: LazySegmenter,
    writable: true,
    configurable: true,
  });
  startupSnapshot.addSerializeCallback(() => {
    for (const s of made) s[REAL] = undefined;
  });
  startupSnapshot.addDeserializeCallback(() => {
    Object.defineProperty(Intl, 'Segmenter', { value: Real, writable: true, configurable: true });
  });
}

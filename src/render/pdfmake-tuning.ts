/**
 * Speed-ups for pdfmake's style lookups. pdfmake resolves about twenty style properties
 * for every word it measures, each by walking the whole style stack, allocating a Set and
 * a closure on every call: a third of the layout time of a brief. These replacements give
 * the same answers without the allocations and without pushing the word onto the stack.
 * The render tests compare the PDFs with pdfmake's own output, byte for byte.
 */

type StyleItem = string | Record<string, unknown>;

interface Style extends Record<string, unknown> {
  extends?: string | string[];
}

interface StyleContextStack {
  styleDictionary: Record<string, Style | undefined>;
  defaultStyle?: Record<string, unknown>;
  styleOverrides: StyleItem[];
  /** Answers since the stack last changed (ours). */
  answers?: Map<string, unknown>;
  push(item: StyleItem): void;
  pop(howMany?: number): void;
  getProperty(property: string): unknown;
}

interface StyleContextStackClass {
  prototype: StyleContextStack;
  getStyleProperty(
    item: unknown,
    stack: StyleContextStack | undefined,
    property: string,
    defaultValue: unknown,
  ): unknown;
}

/** pdfmake's `isValue`. */
const isValue = (value: unknown) => value !== undefined && value !== null;
/** pdfmake's `isString`. */
const isString = (value: unknown): value is string =>
  typeof value === 'string' || value instanceof String;

/**
 * A property of a named style or the styles it extends, last parent first. `visited` guards
 * against cycles of `extends`, as pdfmake's does; it is made only when a style extends another.
 */
function fromStyle(
  dictionary: StyleContextStack['styleDictionary'],
  name: string,
  property: string,
  visited?: Set<string>,
): unknown {
  if (visited?.has(name)) return undefined;
  const style = dictionary[name];
  if (!style) return undefined;
  const value = style[property];
  if (isValue(value)) return value;
  if (!style.extends) return undefined;
  const seen = visited ?? new Set<string>();
  seen.add(name);
  const parents = Array.isArray(style.extends) ? style.extends : [style.extends];
  for (let i = parents.length - 1; i >= 0; i--) {
    const inherited = fromStyle(dictionary, parents[i], property, seen);
    if (isValue(inherited)) return inherited;
  }
  return undefined;
}

/** pdfmake's `getProperty`: the topmost entry with a value, else the default style. */
function lookUp(stack: StyleContextStack, property: string): unknown {
  const overrides = stack.styleOverrides;
  for (let i = overrides.length - 1; i >= 0; i--) {
    const value = fromItem(stack.styleDictionary, overrides[i], property);
    if (isValue(value)) return value;
  }
  // pdfmake's `defaultStyle && defaultStyle[property]`: a null default style answers null.
  const defaults = stack.defaultStyle;
  return defaults ? defaults[property] : defaults;
}

/** A property of one stack entry: a style name or an object of overrides. */
function fromItem(
  dictionary: StyleContextStack['styleDictionary'],
  item: StyleItem,
  property: string,
): unknown {
  return isString(item) ? fromStyle(dictionary, `${item}`, property) : item[property];
}

const tuned = new WeakSet<object>();

/** A remembered answer of `undefined`, so one Map lookup tells known from unknown. */
const NO_VALUE = Symbol('no value');

export function tuneStyleLookups(StyleContextStack: StyleContextStackClass): void {
  if (tuned.has(StyleContextStack)) return;
  tuned.add(StyleContextStack);

  /**
   * The same property is asked of an unchanged stack once for every word of a paragraph, so
   * answers are kept until the next push or pop. pdfmake only ever changes the stack through
   * these two (`clone` builds a new stack), and does not change the style objects on it.
   */
  const { push, pop } = StyleContextStack.prototype;
  StyleContextStack.prototype.push = function (this: StyleContextStack, item) {
    this.answers = undefined;
    push.call(this, item);
  };
  StyleContextStack.prototype.pop = function (this: StyleContextStack, howMany) {
    this.answers = undefined;
    pop.call(this, howMany);
  };
  StyleContextStack.prototype.getProperty = function (this: StyleContextStack, property) {
    this.answers ??= new Map();
    const known = this.answers.get(property);
    if (known !== undefined) return known === NO_VALUE ? undefined : known;
    const value = lookUp(this, property);
    this.answers.set(property, value === undefined ? NO_VALUE : value);
    return value;
  };

  /**
   * pdfmake pushes the item's style names and the item itself, asks the stack, and pops
   * them again. The item has no value of its own (checked first), so only its style names
   * can answer before the stack does: they are asked directly, top name first.
   */
  StyleContextStack.getStyleProperty = (item, stack, property, defaultValue) => {
    const own = (item as Record<string, unknown>)[property];
    if (isValue(own)) return own;
    if (!stack) return defaultValue;
    let value: unknown;
    const style = isPushed(item) ? item.style : undefined;
    if (style) {
      const names = (Array.isArray(style) ? style : [style]) as StyleItem[];
      for (let i = names.length - 1; i >= 0 && !isValue(value); i--) {
        value = fromItem(stack.styleDictionary, names[i], property);
      }
    }
    if (!isValue(value)) value = stack.getProperty(property);
    return isValue(value) ? value : defaultValue;
  };
}

/** Whether pdfmake's `autopush` would push this item's styles: objects that are not sections. */
function isPushed(item: unknown): item is { style?: unknown } {
  return (
    typeof item === 'object' &&
    item !== null &&
    !isString(item) &&
    (item as { section?: unknown }).section === undefined
  );
}

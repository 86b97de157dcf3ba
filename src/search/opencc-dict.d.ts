// opencc-js ships its dictionaries as modules without types: each default-exports one string of
// `source target…` entries joined by `|`.
declare module 'opencc-js/dict/*' {
  const dictionary: string;
  export default dictionary;
}

/** YAML inputs that attack a reader: shared by the reader's tests and the commands' tests. */

/** The classic billion laughs: nine levels of nine aliases, 9^9 values from a few hundred bytes. */
export const ALIAS_BOMB = [
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(",")}]`),
    "",
].join("\n");

/**
 * Chinese and Japanese write numbers and addresses straight after words ("電話03-1234-5678まで"):
 * there a Han or kana character is a boundary, where a Latin letter would make the digits part of
 * a word. Prefix a character class with this inside a lookaround: `(?<!${NOT_CJK}[\p{L}\p{N}])`.
 */
export const NOT_CJK = String.raw`(?![\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}])`;

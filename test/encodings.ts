/** Texts in six legacy encodings, and an encoder for them, shared by the decode and CLI tests. */

// Texts written for these tests, a few sentences each, so detection has enough to go on.
export const TEXTS = {
  french:
    'L’été dernier, nous avons passé trois semaines dans un petit village près de la côte bretonne. ' +
    'Chaque matin, le boulanger préparait des croissants et des pains au chocolat que les enfants adoraient. ' +
    '« C’est le meilleur café de la région », répétait notre hôte, un ancien marin qui connaissait toutes les histoires du port. ' +
    'Le soir, on dînait de crêpes et de cidre pour moins de vingt €, puis on se promenait le long de la plage jusqu’à la nuit.',
  german:
    'Die Stadtbibliothek öffnet ab nächster Woche wieder ihre Türen. Nach einem Jahr umfangreicher Renovierungsarbeiten ' +
    'können Besucherinnen und Besucher nun größere Lesesäle, eine gemütliche Kinderecke und einen neuen Bereich für ' +
    'Zeitschriften genießen. Die Leiterin erklärte, dass besonders die Ausleihe über das Internet verbessert worden sei. ' +
    'Außerdem gibt es künftig längere Öffnungszeiten am Donnerstag und am Samstag. Für Schüler bleibt die Nutzung kostenlos.',
  russian:
    'Вчера вечером в городском парке прошёл большой летний концерт. Несколько тысяч человек собрались у главной сцены, ' +
    'чтобы послушать местные музыкальные группы. Организаторы рассказали, что подготовка к празднику заняла почти полгода. ' +
    'Погода была тёплой, и многие семьи пришли с детьми. В следующем году фестиваль планируют сделать ещё больше ' +
    'и пригласить артистов из других городов.',
  japanese:
    '昨日の午後、友人と一緒に駅の近くにある新しい喫茶店へ行きました。店内はとても静かで、窓から公園の木々がよく見えました。' +
    '私は温かい抹茶ラテを注文し、友人はチーズケーキとコーヒーを選びました。店員さんはとても親切で、おすすめのお菓子についても' +
    '丁寧に説明してくれました。また来週、別の友達を連れて行きたいと思っています。',
  korean:
    '지난 주말에 가족과 함께 바닷가 근처의 작은 마을로 여행을 다녀왔습니다. 아침에는 해변을 따라 산책을 하고, 점심에는 ' +
    '시장에서 신선한 생선과 채소를 샀습니다. 저녁에는 숙소 마당에서 고기를 구워 먹으며 오랫동안 이야기를 나누었습니다. ' +
    '아이들은 모래성을 만들며 즐거운 시간을 보냈습니다. 다음 여름에도 다시 그곳에 가고 싶습니다.',
  chinese:
    '今天早上，我们学校举办了一场春季运动会。同学们穿着整齐的运动服，在操场上进行了跑步、跳远和接力比赛。' +
    '老师们也积极参加，气氛非常热烈。比赛结束后，校长为获奖的班级颁发了奖状和奖品。' +
    '大家都说，这是一次难忘的经历，希望明年还能再举办这样的活动。',
} as const;

export interface Case {
  name: string;
  text: string;
  /** The label pages declare (as written in a page or a header). */
  label: string;
  /** What TextDecoder calls it: iso-8859-1 is windows-1252 in the Encoding standard. */
  declared: string;
  /** What detection finds, when nothing is declared (chardet names GBK text GB18030, a superset). */
  detected: string;
}
export const CASES: Case[] = [
  { name: 'windows-1252', text: TEXTS.french, label: 'windows-1252', declared: 'windows-1252', detected: 'windows-1252' },
  { name: 'ISO-8859-1', text: TEXTS.german, label: 'ISO-8859-1', declared: 'windows-1252', detected: 'windows-1252' },
  { name: 'Shift_JIS', text: TEXTS.japanese, label: 'Shift_JIS', declared: 'shift_jis', detected: 'shift_jis' },
  { name: 'EUC-KR', text: TEXTS.korean, label: 'euc-kr', declared: 'euc-kr', detected: 'euc-kr' },
  { name: 'KOI8-R', text: TEXTS.russian, label: 'KOI8-R', declared: 'koi8-r', detected: 'koi8-r' },
  { name: 'GBK', text: TEXTS.chinese, label: 'GBK', declared: 'gbk', detected: 'gb18030' },
];

/**
 * `text` in a legacy encoding, from a reverse table built by decoding every one- and two-byte
 * sequence with TextDecoder (no encoder for these ships with Node). Every character must be
 * encodable: the tests' texts are chosen so.
 */
export function encode(text: string, encoding: string): Uint8Array {
  const table = reverseTable(encoding);
  const out: number[] = [];
  for (const char of text) {
    const bytes = char.codePointAt(0)! < 0x80 ? [char.codePointAt(0)!] : table.get(char);
    if (!bytes) throw new Error(`${encoding} cannot encode ${JSON.stringify(char)}`);
    out.push(...bytes);
  }
  return Uint8Array.from(out);
}
/**
 * windows-1252 by hand: Node's own windows-1252 decoder is wrong for 0x80-0x9F (see decode.ts), so
 * it cannot be the oracle. Latin-1 above 0x9F, and the few 0x80-0x9F characters the texts use.
 */
const WINDOWS_1252_USED: Record<string, number> = { '€': 0x80, '’': 0x92, '“': 0x93, '”': 0x94, '—': 0x97, œ: 0x9c };
const tables = new Map<string, Map<string, number[]>>();
function reverseTable(encoding: string): Map<string, number[]> {
  let table = tables.get(encoding);
  if (table) return table;
  table = new Map();
  const decoder = new TextDecoder(encoding);
  if (decoder.encoding === 'windows-1252') {
    for (let b = 0xa0; b <= 0xff; b++) table.set(String.fromCharCode(b), [b]);
    for (const [char, b] of Object.entries(WINDOWS_1252_USED)) table.set(char, [b]);
  } else {
    const add = (bytes: number[]) => {
      const char = decoder.decode(Uint8Array.from(bytes));
      if ([...char].length === 1 && char !== '\uFFFD' && !table!.has(char)) table!.set(char, bytes);
    };
    for (let b = 0x80; b <= 0xff; b++) add([b]);
    for (let lead = 0x81; lead <= 0xfe; lead++) for (let trail = 0x40; trail <= 0xfe; trail++) add([lead, trail]);
  }
  tables.set(encoding, table);
  return table;
}

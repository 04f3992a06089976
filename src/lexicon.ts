/**
 * The words decruft reads pages with, per language: what opens a byline, which small words sit
 * inside names, which labels say a date is the publication date, which words may stand around a
 * date. Data, kept out of the code that uses it so that a language is added in one place and
 * checked by one test (test/lexicon.test.ts): every list is lower case, trimmed and without repeats
 * within a language, every key is a language code (`any`: every language, as in the rules), and
 * every list's examples are read the way they say (`reads`) or not (`ignores`) by the code that
 * uses the list. The cruft phrases are rules, not words: see ./clean/rules/.
 */

/** One list: its words by language, and lines showing what it does. */
export interface WordList {
  /** Words (or, where `patterns`, fragments of a regular expression) by language code. */
  readonly words: Readonly<Record<string, readonly string[]>>;
  /** The entries are regular expression fragments (`posted( on)?`), not plain words. */
  readonly patterns?: boolean;
  readonly examples: {
    /** Lines the list makes decruft read as what the list is about. */
    readonly reads: readonly string[];
    /** Lines it must not make decruft read so. */
    readonly ignores: readonly string[];
  };
}

export const LEXICON = {
  /**
   * Words that open a byline with or without a colon ("By Jane Doe", "Von Jonas Weber", "记者 王芳")
   * and that join a dateline to the name after it ("Veröffentlicht am 17. Mai 2025 von Jonas Weber").
   * Korean, Japanese and Chinese write a title before the name.
   */
  bylinePrepositions: {
    words: {
      en: ['by', 'posted by', 'written by', 'words by', 'story by', 'reporting by', 'reported by'],
      de: ['von', 'geschrieben von'],
      fr: ['par', 'publié par'],
      es: ['por', 'publicado por'],
      ru: ['от'],
      uk: ['від'],
      ko: ['글', '작성자'],
      ja: ['文', '記者'],
      zh: ['文', '作者', '撰文', '记者', '記者'],
    },
    examples: {
      reads: [
        'By Jane Doe',
        'Posted by Jane Doe | 28 Nov 2024',
        'Von Jonas Weber',
        'Publié par Marie Dupont',
        '记者 王芳',
        'Veröffentlicht am 17. Mai 2025 von Jonas Weber',
      ],
      ignores: ['Bypass opens on Friday', 'By the river, a new bridge'],
    },
  },
  /**
   * Nouns that open a byline only with a colon ("Author: Jane Doe"): without one they open
   * headlines ("Reporter Freed After Talks", "Text Messages Reveal…").
   */
  bylineNouns: {
    words: {
      en: ['author', 'authors', 'reporter', 'correspondent'],
      de: ['autor', 'autorin', 'text', 'redakteur', 'redakteurin'],
      fr: ['auteur', 'autrice', 'texte', 'journaliste'],
      es: ['autor', 'autora', 'redactor', 'redactora', 'periodista', 'corresponsal'],
      ru: ['автор', 'текст', 'корреспондент', 'журналист'],
      uk: ['автор', 'авторка', 'автори', 'текст', 'кореспондент', 'журналіст'],
    },
    examples: {
      reads: ['Author: Jane Doe', 'Text: Jonas Weber', 'Автор: Иван Петров'],
      ignores: ['Reporter Freed After Talks', 'Text Messages Reveal Plan'],
    },
  },
  /** Lower-case words that belong inside names: "Jane van der Berg", "Ahmed bin Said", "Smith and Jones". */
  nameParticles: {
    words: {
      de: ['von', 'zu', 'der', 'den', 'und'],
      nl: ['van', 'der', 'den', 'de', 'ten', 'ter'],
      fr: ['de', 'du', 'des', 'la', 'le', 'et'],
      es: ['de', 'del', 'la', 'el', 'y'],
      it: ['da', 'di', 'del', 'della'],
      ar: ['bin', 'ibn', 'al', 'el'],
      en: ['and'],
      ca: ['i'],
    },
    examples: {
      reads: ['By Jane van der Berg', 'By Ahmed bin Said', 'Von Ursula von der Leyen', 'By Smith and Jones'],
      ignores: ['By the river in Moscow'],
    },
  },
  /** Titles Korean, Japanese and Chinese reporters sign with, after or before the name: "문병기 특파원", "記者 山田". */
  reporterTitles: {
    words: {
      ko: ['기자', '특파원', '통신원', '논설위원'],
      ja: ['記者', '特派員'],
      zh: ['记者', '特派员', '記者', '特派員'],
    },
    examples: {
      reads: ['워싱턴=문병기 특파원', '김민수 기자 minsu@example.kr'],
      ignores: ['기자회견 열려'],
    },
  },
  /** Words between a byline's name and the date after it: "Jane Doe on 28 Nov 2024", "Jonas Weber am 17.05.2025". */
  bylineDateWords: {
    words: { en: ['on'], de: ['am'], fr: ['le'], es: ['el'] },
    examples: {
      reads: ['By Jane Doe on 28 Nov 2024', 'Von Jonas Weber am 17.05.2025', 'Par Marie Dupont le 3 mai 2024'],
      ignores: ['By Jane Doe', 'By Anna Maria on Tour'],
    },
  },
  /** Labels in front of a date saying it is the publication date ("Posted on", "Veröffentlicht am", "公開日"). */
  publishedLabels: {
    patterns: true,
    words: {
      en: ['posted( on)?', 'published( on)?', 'first published( on)?', 'date', 'dated', 'released( on)?', 'created( on)?'],
      de: ['veröffentlicht( am)?', 'erschienen( am)?', 'erstellt( am)?', 'datum'],
      fr: ['publié( le)?', 'publication'],
      es: ['publicado( el)?', 'publicación', 'fecha'],
      pl: ['publikacja', 'opublikowano', 'data publikacji'],
      ru: ['опубликовано', 'дата публикации'],
      uk: ['опубліковано', 'дата публікації'],
      ko: ['입력', '등록', '게재'],
      ja: ['公開日?(時)?', '投稿日?(時)?', '掲載日?'],
      zh: ['发布(时间|日期|于)?', '發布(時間|日期|於)?', '发表于', '發表於'],
    },
    examples: {
      reads: ['Posted on November 28, 2024', 'Veröffentlicht am 17.05.2025', 'Opublikowano 16 marca 2021', '입력 2024.11.28 07:37'],
      ignores: ['Updated November 28, 2024'],
    },
  },
  /** Labels in front of a date saying it is when the page was last changed ("Updated", "Stand", "更新日"). */
  updatedLabels: {
    patterns: true,
    words: {
      en: ['(last )?updated( on)?', '(last )?modified( on)?'],
      de: ['aktualisiert( am)?', 'zuletzt aktualisiert( am)?', 'stand', 'geändert( am)?'],
      fr: ['mis à jour( le)?'],
      es: ['actualizado( el)?', 'actualización'],
      pl: ['aktualizacja', 'zaktualizowano'],
      ru: ['обновлено', 'обновлён'],
      uk: ['оновлено'],
      ko: ['수정', '업데이트', '최종 ?수정'],
      ja: ['更新(日|日時)?'],
      zh: ['更新时间', '更新時間', '最后更新', '最後更新'],
    },
    examples: {
      reads: ['Last updated: 28 November 2024', 'Stand: 17.05.2025', 'Mis à jour le 3 mai 2024', '更新日 2024年11月28日'],
      ignores: ['Published 28 November 2024'],
    },
  },
  /**
   * Words that sit around dates and times without naming a month or a weekday: "on", "at", "um …
   * Uhr", "le", "de", ordinal endings (1st, 1er), "г." and "року", AM/PM and time zones. They do
   * not choose a date parser; they only do not count against a line being a date.
   */
  dateGlue: {
    words: {
      en: [
        'on',
        'at',
        'of',
        'the',
        'am',
        'pm',
        'a',
        'p',
        'm',
        'st',
        'nd',
        'rd',
        'th',
        'utc',
        'gmt',
        'cet',
        'cest',
        'est',
        'edt',
        'cst',
        'cdt',
        'mst',
        'mdt',
        'pst',
        'pdt',
        'bst',
        'ist',
        'jst',
        'kst',
        'et',
        'pt',
        'ct',
        'mt',
      ],
      de: ['am', 'um', 'uhr', 'den', 'der', 'h', 'mez', 'mesz'],
      fr: ['le', 'à', 'er', 'de', 'h'],
      es: ['de', 'del', 'el', 'las', 'los'],
      pt: ['em', 'do', 'da', 'de'],
      nl: ['om', 'op'],
      it: ['alle', 'il', 'ore'],
      ru: ['в', 'г', 'года', 'msk'],
      uk: ['о', 'р', 'року'],
      // ISO 8601's separators: 2024-11-28T07:37Z
      any: ['t', 'z'],
    },
    examples: {
      reads: ['Posted on November 28, 2024 at 7:37 pm EST', 'am 17. Mai 2025 um 15:49 Uhr', '28 listopada 2024 г.'],
      ignores: ['Council votes on the budget of November 28, 2024'],
    },
  },
  /**
   * Month names in the genitive, as dates write them, where chrono reads none (Polish: 16 marca
   * 2021), January first: the place in the list is the month's number.
   */
  monthsGenitive: {
    words: {
      pl: ['stycznia', 'lutego', 'marca', 'kwietnia', 'maja', 'czerwca', 'lipca', 'sierpnia', 'września', 'października', 'listopada', 'grudnia'],
    },
    examples: {
      reads: ['16 marca 2021', 'Opublikowano: 3 października 2023'],
      ignores: ['marca 2021'],
    },
  },
  /**
   * Month names, for the frames of site memory (../across/sites.ts): "Posted in March" and "Posted
   * in June" are one template with a month in it. English with its abbreviations; other languages
   * by their full names, nominative, since their abbreviations are common words of other languages
   * (German "Mi" and "So"). Genitive forms come from `monthsGenitive`.
   */
  monthNames: {
    words: {
      en: [
        'jan',
        'january',
        'feb',
        'february',
        'mar',
        'march',
        'apr',
        'april',
        'may',
        'jun',
        'june',
        'jul',
        'july',
        'aug',
        'august',
        'sep',
        'sept',
        'september',
        'oct',
        'october',
        'nov',
        'november',
        'dec',
        'december',
      ],
      de: ['januar', 'jänner', 'februar', 'märz', 'april', 'mai', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'dezember'],
      fr: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'],
      es: ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'setiembre', 'octubre', 'noviembre', 'diciembre'],
      pt: ['janeiro', 'fevereiro', 'março', 'abril', 'maio', 'junho', 'julho', 'agosto', 'setembro', 'outubro', 'novembro', 'dezembro'],
      it: ['gennaio', 'febbraio', 'marzo', 'aprile', 'maggio', 'giugno', 'luglio', 'agosto', 'settembre', 'ottobre', 'novembre', 'dicembre'],
      nl: ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'],
      pl: ['styczeń', 'luty', 'marzec', 'kwiecień', 'maj', 'czerwiec', 'lipiec', 'sierpień', 'wrzesień', 'październik', 'listopad', 'grudzień'],
      ru: ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря'],
    },
    examples: {
      reads: ['12 March 2024', '17. Mai 2025', '3 février 2023', '16 marca 2021', '5 сентября 2022'],
      ignores: ['12 Marching bands', 'Mais 2025'],
    },
  },
  /**
   * Weekday names, for the same frames: English with its abbreviations, other languages in full.
   * Portuguese names Monday to Friday in two words ("segunda-feira"), whose first is a common word
   * alone ("segunda", second): only its weekend days are here.
   */
  weekdayNames: {
    words: {
      en: [
        'mon',
        'monday',
        'tue',
        'tues',
        'tuesday',
        'wed',
        'wednesday',
        'thu',
        'thur',
        'thurs',
        'thursday',
        'fri',
        'friday',
        'sat',
        'saturday',
        'sun',
        'sunday',
      ],
      de: ['montag', 'dienstag', 'mittwoch', 'donnerstag', 'freitag', 'samstag', 'sonnabend', 'sonntag'],
      fr: ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'],
      es: ['lunes', 'martes', 'miércoles', 'jueves', 'viernes', 'sábado', 'domingo'],
      pt: ['sábado', 'domingo'],
      it: ['lunedì', 'martedì', 'mercoledì', 'giovedì', 'venerdì', 'sabato', 'domenica'],
      nl: ['maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag', 'zondag'],
      pl: ['poniedziałek', 'wtorek', 'środa', 'czwartek', 'piątek', 'sobota', 'niedziela'],
      ru: ['понедельник', 'вторник', 'среда', 'четверг', 'пятница', 'суббота', 'воскресенье'],
    },
    examples: {
      reads: ['Friday 12', 'Mittwoch 17', 'środa 3', 'sábado 5', 'Thurs. 4'],
      ignores: ['Fried 12', 'Samstags 17'],
    },
  },
} as const satisfies Record<string, WordList>;

/** Every word of a list, every language's, in order, each once. */
export function wordsOf(list: WordList): string[] {
  return [...new Set(Object.values(list.words).flat())];
}

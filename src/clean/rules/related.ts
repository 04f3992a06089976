/**
 * Links to other articles: the labels of related, popular and more-stories lists, and "Read also:"
 * links dropped between paragraphs. Headlines inserted without a label are found by their features
 * (see strip's related-headline heuristic), not by phrases.
 */
import type { Rule } from '../rule.js';

const listLabel: Rule = {
  id: 'related.label',
  why: 'The heading of a list of other articles: related, popular, latest, recommended.',
  match: 'whole',
  phrases: {
    en: [
      'related( articles?| stories| posts| news| content| coverage| topics| reading)?',
      '(you )?(may|might) also (like|be interested in|enjoy)', '(see|read) (also|more)', 'more (stories|news|articles|videos|headlines)',
      'more (from|on|in) [^ ]+( [^ ]+){0,3}', 'recommended( for you| stories| articles| reading)?',
      '(most|top) (read|popular|viewed|shared|commented)( stories| articles| news)?', 'popular( (posts|articles|stories|now|on [^ ]+))?',
      'trending( now| stories| news)?', 'latest( news| stories| articles| posts| headlines| videos)?', 'recent (posts|articles|stories|news)',
      'others? (blogs?|articles|stories|news|posts)', 'dont miss( this)?', 'editors? (picks?|choice)', 'in case you missed it',
      'what to read next', '(read|watch) next', 'continue reading', 'read (the )?(full|more|rest)( (article|story))?', 'more', 'top stories', 'also in the news',
      'want more', 'more (from|by) (the|this) author',
    ],
    de: [
      'weitere (artikel|nachrichten|themen|beiträge|meldungen|news)', '(das )?könnte (sie|dich) (auch )?interessieren', 'auch interessant',
      'mehr (zum thema|dazu|lesen|aus [^ ]+( [^ ]+)?|news)', '(am )?meist(gelesen|gelesene|gelesenen)( artikel)?', 'meistgelesen', 'beliebt(este)? (artikel|beiträge)',
      '(neueste|aktuelle|letzte) (artikel|beiträge|nachrichten|meldungen)', '(verwandte|ähnliche|passende) (artikel|themen|beiträge)',
      'lesen sie (auch|mehr)', 'weiterlesen', 'top ?themen', 'empfehlungen( der redaktion| aus der redaktion| für (sie|dich))?', 'aktuell',
      'das (interessiert|gefällt) (sie|dich) (vielleicht )?auch', 'empfohlen für (dich|sie)', 'vorschau auf (den|das) nächsten? (artikel|beitrag)', 'mehr vom autor',
      'entdecken sie (jetzt|mehr)', '(sie wollen|du willst) mehr( von uns)?',
      'mehr (kolumnen|artikel|beiträge|news|nachrichten|zum thema|dazu|themen)( (auf|bei|von|aus) [^ ]+( [^ ]+){0,2})?',
      'weitere (beiträge|artikel|kolumnen|texte|informationen) (aus|zu|von|in|zum|zur) [^ ]+( [^ ]+){0,3}',
      '(die )?meist(gelesenen|gelesene|geklickten|kommentierten) (artikel|beiträge|nachrichten|news)( (bei|auf|von) [^ ]+( [^ ]+){0,2})?',
    ],
    fr: [
      'à lire (aussi|également)', 'a lire (aussi|également)', 'lire (aussi|également|la suite)', 'sur le même (sujet|thème)',
      'articles? (similaires|liés|connexes|recommandés)', 'les plus (lus|populaires|partagés)', 'dernières (actualités|nouvelles|infos)',
      'vous (aimerez|pourriez aimer) aussi', 'à la une', 'voir aussi', 'en ce moment',
    ],
    es: [
      '(lea|lee|leer) (también|más)', 'noticias relacionadas', 'artículos relacionados( [^ ]+){0,4}', 'infórmate más', 'informate más', '(también )?te (puede|podría) interesar',
      '(lo|las|los) más (leído|leídas|leídos|visto|vistas|vistos|popular|populares|compartido)', 'más (leídas|leído|noticias|visto)', 'últimas noticias', 'te recomendamos', 'seguir leyendo',
    ],
    pt: ['(leia|veja) também', 'notícias relacionadas', 'mais lidas'],
    pl: ['zobacz (również|także|też)', 'czytaj (również|także|też|więcej)', '(najczęściej|najchętniej) (czytane|komentowane)', 'powiązane (artykuły|wiadomości)', 'polecamy'],
    ru: [
      'читайте (также|ещё|еще)', 'похожие (статьи|новости|материалы)', 'другие (новости|статьи|материалы)', '(самое )?популярное',
      'самые (читаемые|популярные)', 'последние новости', 'новости по теме', 'по теме', 'рекомендуем', 'главное', 'читать (далее|дальше|полностью)',
    ],
    uk: [
      'читайте (також|ще|більше)', 'схожі (статті|новини|матеріали)', 'інші (новини|статті|матеріали)', 'популярне', 'найпопулярніше',
      'останні новини', 'новини за темою', 'за темою', 'рекомендуємо', 'головне', 'читати (далі|повністю)',
    ],
    ko: ['관련 ?(기사|뉴스)', '많이 ?본 (뉴스|기사)', '(추천|인기|최신|주요) ?(기사|뉴스)', '이 시각 (주요|인기|많이 본) ?뉴스', '더 ?읽기', '기사 ?더보기'],
    ja: ['関連(記事|ニュース)', 'おすすめ(記事)?', '(人気|最新|注目)(記事|ニュース)', 'アクセスランキング', 'こちらもおすすめ', '続きを読む'],
    zh: ['(相关|相關)(阅读|閱讀|文章|新闻|新聞|报道|報導)', '(推荐|推薦)(阅读|閱讀)', '(热门|熱門|最新)(文章|新闻|新聞)', '延伸(阅读|閱讀)', '阅读全文', '閱讀全文'],
  },
  examples: {
    cruft: ['Other posts', 'Related articles', 'You may also like', 'Most read', 'Das könnte Sie auch interessieren', 'Meistgelesen', 'À lire aussi', 'LO MÁS LEÍDO', 'Las más vistas', 'NOTICIAS RELACIONADAS', 'Empfehlungen aus der Redaktion', 'Mehr Nachrichten aus Hamburg', 'Weitere Artikel zum Thema Hafen', 'Meistgelesene Beiträge', 'Zobacz również', 'Empfohlen für dich', 'Want more?', 'Читайте также', 'Читайте також', '관련기사', '関連記事', '相关阅读'],
    keep: ['Related parties must disclose their holdings.', 'More than 300 people attended.', 'Latest figures show a rise.'],
  },
};

const readAlso: Rule = {
  id: 'related.read-also',
  why: 'A labelled link to another article ("Read also: …") between paragraphs.',
  match: 'label',
  maxWords: 60,
  phrases: {
    en: ['(read|see) (also|more)', 'also read', 'related( article| story| coverage)?', 'more on (this|that)( story| topic)?', 'further reading'],
    de: ['lesen sie (auch|mehr|hier)', 'auch interessant', 'mehr zum thema', 'siehe auch', 'lesetipp', 'passend dazu'],
    fr: ['(à |a )?lire (aussi|également)', 'voir aussi', 'sur le même sujet', 'à voir'],
    es: ['(lea|lee|leer) (también|además|más)', 'vea también', 'te puede interesar', 'le puede interesar', 'relacionado', 'puedes ver', 'mira (también|además)'],
    pl: ['czytaj (też|także|również|więcej)', 'zobacz (też|także|również)', 'dowiedz się więcej', 'przeczytaj (też|także|również)'],
    pt: ['(leia|veja) (também|mais)', 'saiba mais'],
    ru: ['читайте (также|ещё|еще)', 'смотрите также', 'по теме'],
    uk: ['читайте (також|ще|більше)', 'дивіться також', 'за темою'],
    ko: ['관련 ?기사', '함께 ?볼만한 ?기사'],
    ja: ['関連記事', 'あわせて読みたい'],
    zh: ['(相关|相關)(阅读|閱讀|新闻|新聞)', '延伸(阅读|閱讀)', '推荐(阅读|閱讀)'],
  },
  examples: {
    cruft: [
      'Read also: Talks stall as both sides harden positions',
      'Lea más: Juan Pérez propone reformar la ley electoral',
      'PUEDES VER: ¿Qué dijo el ministro sobre la reforma?',
      'Czytaj też: Rząd przedstawił plan na zimę',
      'Leia também: Governo anuncia novo plano',
      'Lesen Sie auch: Wie die Koalition das Budget retten will',
      'À lire aussi : Le gouvernement présente son plan',
      'Читайте также: В Москве прошли переговоры',
      'Читайте також: У Києві пройшли переговори',
      '관련기사: 북미 대화 재개되나',
      '関連記事：首脳会談の行方',
      '相关阅读：朝美对话前景',
    ],
    keep: ['Read the full report: it runs to 300 pages and is worth the time.', 'Read also the letter he sent.'],
  },
};

const readAlsoBare: Rule = {
  id: 'related.read-also',
  why: 'A link to another article under a one-word label ("More: …", "Lea: …"): outside the article body only, since such words also open sentences.',
  match: 'label',
  maxWords: 60,
  edgesOnly: true,
  phrases: {
    en: ['more', 'recommended', 'watch', 'listen'],
    de: ['dazu', 'mehr'],
    es: ['lea', 'vea', 'mira'],
    ru: ['читайте', 'смотрите'],
    uk: ['читайте', 'дивіться'],
  },
  examples: {
    cruft: ['More: Talks stall as both sides harden positions', 'Lea: Consejo aborda este miércoles la crisis', 'Читайте: В Москве прошли переговоры'],
    keep: ['Read the full report: it runs to 300 pages.'],
  },
};

const learnMore: Rule = {
  id: 'related.label',
  why: 'A "learn more" link under a teaser or above a list of links; such words also head an article\'s closing section, so only outside its body.',
  match: 'whole',
  edgesOnly: true,
  phrases: {
    en: ['learn more', 'find out more', 'more info(rmation)?'],
    de: ['weitere informationen', 'mehr erfahren', 'mehr infos?'],
    fr: ['en savoir plus'],
    es: ['más información', 'saber más'],
  },
  examples: {
    cruft: ['Learn more', 'Weitere Informationen', 'Mehr erfahren', 'En savoir plus', 'Más información'],
    keep: ['Learn more about the project at the town library.'],
  },
};

export const RELATED_RULES: readonly Rule[] = [listLabel, readAlso, readAlsoBare, learnMore];

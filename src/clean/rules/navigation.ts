/**
 * Site navigation that scrapers capture with the article: skip links, tables of contents, language
 * menus, breadcrumbs, section labels, account links, previous/next links, tag lists, footer links.
 * None of it is ever article text; most of it sits before or after the article body.
 */
import type { Rule } from '../rule.js';

const skipLink: Rule = {
  id: 'nav.skip-link',
  why: 'Skip links let keyboard users jump past the menu; scrapers keep their text.',
  match: 'whole',
  phrases: {
    en: [
      '(skip|jump|go|move) (directly )?to (the )?(main )?(content|contents|navigation|menu|search|footer|article)',
      'skip (navigation|links?|to main)',
    ],
    de: [
      '(direkt )?zum (haupt|seiten)?inhalt( springen| wechseln)?',
      '(direkt )?zur (navigation|suche|hauptnavigation)( springen| wechseln)?',
      '(inhalt|navigation) überspringen',
      'springe (zum|zur) (inhalt|hauptinhalt|navigation)',
    ],
    fr: [
      '(aller|passer|accéder|sauter) (directement )?(au|à la|a la) (contenu( principal)?|navigation|recherche|menu)',
      'sauter la navigation',
      'contenu principal',
    ],
    es: [
      '(ir|saltar|pasar) (directamente )?(al|a la) (contenido( principal)?|navegación|búsqueda|menú)',
      'omitir (la )?navegación',
    ],
    ru: [
      'перейти к (основному )?(содержанию|содержимому|контенту|навигации|поиску|меню)',
      'пропустить (навигацию|меню)',
      'к содержанию',
    ],
    uk: [
      'перейти до (основного )?(змісту|вмісту|контенту|навігації|пошуку|меню)',
      'пропустити (навігацію|меню)',
      'до змісту',
    ],
    ko: ['(본문|주메뉴|메뉴|컨텐츠|콘텐츠|검색)(으로)? ?(바로 ?가기|이동|건너뛰기)'],
    ja: ['(メイン)?(コンテンツ|本文|ナビゲーション|メニュー)(へ|に)(スキップ|移動|ジャンプ)', '本文へ'],
    zh: ['跳(到|至|转到|轉到|过|過)(主要)?(内容|內容|正文|导航|導航)'],
  },
  examples: {
    cruft: [
      'Skip to main content',
      'Go to contents',
      'Jump to navigation',
      'Zum Inhalt springen',
      'Direkt zum Inhalt',
      'Aller au contenu principal',
      'Saltar al contenido',
      'Перейти к содержанию',
      'Перейти до основного вмісту',
      '본문 바로가기',
      '本文へスキップ',
      '跳到主要内容',
    ],
    keep: [
      'Go to the contents of the report and you will find the figures.',
      'Skip the queue: book the museum tickets online.',
      'Zum Inhalt des Gesetzes äußerte sich der Minister nicht.',
    ],
  },
};

const tableOfContents: Rule = {
  id: 'nav.toc',
  why: 'A table-of-contents heading; its entries repeat the subheadings that follow.',
  match: 'whole',
  phrases: {
    en: ['(table of )?contents', 'on this page', 'in this (article|story|guide)', 'jump to section'],
    de: ['inhaltsverzeichnis', 'inhalt', 'auf dieser seite', 'in diesem (artikel|beitrag)'],
    fr: ['table des matières', 'sommaire', 'dans cet article', 'sur cette page'],
    es: ['tabla de contenidos?', 'índice( de contenidos?)?', 'contenidos?', 'en este artículo'],
    ru: ['содержание( статьи)?', 'оглавление', 'в этой статье'],
    uk: ['зміст( статті)?', 'у цій статті'],
    ko: ['목차'],
    ja: ['目次'],
    zh: ['目录', '目錄'],
  },
  examples: {
    cruft: ['Table of Contents', 'Contents', 'Inhaltsverzeichnis', 'Sommaire', 'Índice', 'Содержание', 'Зміст', '목차', '目次', '目录'],
    keep: ['The contents of the letter were never made public.', 'Der Inhalt des Vertrags bleibt geheim.'],
  },
};

/** Names of languages in their own language, as language menus list them. */
const ENDONYMS = [
  'english', 'deutsch', 'français', 'francais', 'español', 'espanol', 'italiano', 'português',
  'portugues', 'nederlands', 'polski', 'čeština', 'slovenčina', 'magyar', 'română', 'svenska', 'dansk',
  'norsk', 'suomi', 'türkçe', 'ελληνικά', 'русский', 'українська', 'беларуская', 'български', 'српски',
  'srpski', 'hrvatski', 'slovenščina', 'қазақша', 'o‘zbekcha', 'oʻzbekcha', 'ქართული', 'հայերեն',
  'עברית', 'العربية', 'فارسی', 'हिन्दी', 'বাংলা', 'ไทย', 'tiếng việt', 'bahasa indonesia',
  'bahasa melayu', '한국어', '日本語', '中文', '简体中文', '繁體中文', '简体', '繁體', 'català', 'euskara', 'galego',
];
const LANGUAGE_CODES = '(en|de|fr|es|it|pt|nl|pl|ru|uk|ua|ko|kr|ja|jp|zh|cn|tr|ar)';

const languageSwitcher: Rule = {
  id: 'nav.language',
  why: 'A menu of the languages the site is published in.',
  match: 'list',
  edgesOnly: true,
  phrases: {
    any: [...ENDONYMS, `${LANGUAGE_CODES}( ${LANGUAGE_CODES})+`],
    en: ['english (version|edition)'],
    de: ['deutsche (version|ausgabe)'],
    fr: ['version française'],
    es: ['versión en español'],
  },
  examples: {
    cruft: ['한국어', 'English', 'Deutsch | English', 'EN DE FR', 'Русский Українська English', '日本語', '中文', 'Español'],
    keep: ['English is the working language of the summit.', 'EN'],
  },
};

/** First crumbs of a breadcrumb trail: the link to the home page. */
const HOME = /^(home|homepage|start|startseite|accueil|inicio|portada|главная|головна|홈|ホーム|首页|首頁)$/u;
const CRUMB_SEPARATOR = /\s+[>/|·]\s+|\s*[›»→]\s*/u;
const CRUMB_MAX_WORDS = 5;

const breadcrumb: Rule = {
  id: 'nav.breadcrumb',
  why: 'A breadcrumb trail: the path from the home page to the article.',
  match: 'predicate',
  langs: ['en', 'de', 'fr', 'es', 'ru', 'uk', 'ko', 'ja', 'zh'],
  maxWords: 25,
  edgesOnly: true,
  test(text) {
    const crumbs = text.split(CRUMB_SEPARATOR).map((c) => c.trim()).filter(Boolean);
    if (crumbs.length < 2) return false;
    if (crumbs.every((c) => /^\d+$/.test(c))) return false; // a date: 28/11/2024
    const short = crumbs.every((c) => c.split(/\s+/).length <= CRUMB_MAX_WORDS && !/[.!?;,]$/.test(c));
    return short && (crumbs.length >= 3 || HOME.test(crumbs[0]!.toLowerCase()));
  },
  examples: {
    cruft: ['Home > World > Asia', 'Startseite › Politik › Ausland', 'Accueil / Monde', 'Главная » Новости » Политика', '홈 > 뉴스 > 국제', '首页 > 新闻 > 国际'],
    keep: ['Price > value, he said.', '28 / 11 / 2024', 'Input > output > result is the pipeline they built, the engineer explained.'],
  },
};

const section: Rule = {
  id: 'nav.section',
  why: 'The name of the site section the article is filed under, printed above or below it.',
  match: 'whole',
  edgesOnly: true,
  phrases: {
    en: [
      'news', '(world|us|uk|local|national|international|business|breaking|latest|top) news', 'world', 'politics',
      'business', 'economy', 'markets', 'finance', 'money', 'sports?', 'tech(nology)?', 'science', 'health',
      'culture', 'arts?', 'entertainment', 'lifestyle', 'travel', 'opinion', 'analysis', 'national',
      'international', 'europe', 'asia', 'africa', 'americas', 'middle east', 'us', 'uk', 'environment',
      'climate', 'education', 'society', 'crime', 'war in ukraine', 'exclusive', 'breaking',
    ],
    de: [
      'nachrichten', 'news', 'politik', 'wirtschaft', 'finanzen', 'börse', 'sport', 'kultur', 'wissen(schaft)?',
      'gesundheit', 'meinung', 'panorama', 'ausland', 'inland', 'deutschland', 'welt', 'digital', 'reise',
      'regional', 'lokales', 'gesellschaft', 'leben', 'feuilleton', 'kommentar', 'exklusiv', 'eilmeldung',
    ],
    fr: [
      'actualités?', 'monde', 'international', 'politique', 'économie', 'sports?', 'culture', 'sciences?',
      'santé', 'opinions?', 'société', 'france', 'europe', 'planète', 'tech', 'idées', 'exclusif',
    ],
    es: [
      'noticias', 'mundo', 'internacional', 'nacional', 'política', 'economía', 'deportes', 'cultura',
      'ciencia', 'salud', 'opinión', 'sociedad', 'tecnología', 'espectáculos', 'exclusiva', 'última hora',
    ],
    ru: ['новости', 'в мире', 'мир', 'политика', 'экономика', 'спорт', 'культура', 'наука', 'здоровье', 'общество', 'мнения', 'происшествия', 'технологии'],
    uk: ['новини', 'у світі', 'в світі', 'світ', 'політика', 'економіка', 'спорт', 'культура', 'наука', 'здоровя', 'суспільство', 'думки', 'війна', 'технології'],
    ko: ['국제', '정치', '경제', '사회', '문화', '스포츠', '오피니언', '세계', '북한', '전국', '연예', '사설', '칼럼'],
    ja: ['国際', '政治', '経済', '社会', 'スポーツ', '文化', '科学', '国内', '海外', 'ニュース'],
    zh: ['国际', '國際', '政治', '经济', '經濟', '社会', '社會', '体育', '體育', '文化', '科技', '新闻', '新聞', '要闻', '要聞', '财经', '財經'],
  },
  examples: {
    cruft: ['World', 'Politics', 'Politik', 'Économie', 'Mundo', 'Политика', 'Світ', '국제', '国際', '国际'],
    keep: ['The world watched the summit.', 'Politics aside, the plan is sound.'],
  },
};

const account: Rule = {
  id: 'nav.account',
  why: 'Sign-in, sign-up and account links of the site.',
  match: 'whole',
  phrases: {
    en: ['(sign|log) ?(in|out|up)', 'register', 'create (an )?account', 'my account', '(sign|log) in to (comment|continue)', 'login'],
    de: ['anmelden', 'einloggen', 'abmelden', 'registrieren', 'mein konto', 'konto erstellen'],
    fr: ['(se )?connecter', 'connexion', 'sinscrire', 'inscription', 'mon compte', 'créer un compte', 'se déconnecter'],
    es: ['iniciar sesión', 'cerrar sesión', 'registrarse', 'regístrate', 'mi cuenta', 'crear (una )?cuenta', 'ingresar'],
    ru: ['войти', 'вход', 'выйти', 'регистрация', 'зарегистрироваться', 'личный кабинет'],
    uk: ['увійти', 'вхід', 'вийти', 'реєстрація', 'зареєструватися', 'особистий кабінет'],
    ko: ['로그인', '로그아웃', '회원 ?가입', '마이 ?페이지'],
    ja: ['ログイン', 'ログアウト', '(新規|会員)登録', 'マイページ'],
    zh: ['登录', '登錄', '注册', '註冊', '退出登录'],
  },
  examples: {
    cruft: ['Sign in', 'Log out', 'Anmelden', 'Se connecter', 'Iniciar sesión', 'Войти', 'Увійти', '로그인', 'ログイン', '登录'],
    keep: ['Voters must register by Friday.', 'Sign in sheets were collected at the door.'],
  },
};

const pagination: Rule = {
  id: 'nav.pagination',
  why: 'Previous/next article links and load-more buttons.',
  match: 'whole',
  phrases: {
    en: ['(previous|prev|next|older|newer) (article|post|story|page|entry)', 'previous', 'next', 'load more( articles| stories| news)?', 'show more', 'next page', 'back to (the )?(overview|list|all (news|articles|posts))'],
    de: ['(nächster|vorheriger|voriger) (artikel|beitrag)', '(nächste|vorherige) seite', 'weiter', 'zurück', 'mehr (laden|anzeigen)', 'zurück zu(r|m)? (übersicht|liste|startseite|newsübersicht|allen (news|artikeln|beiträgen))'],
    fr: ['(article|page) (suivant|précédent)e?', 'suivant', 'précédent', 'charger plus', 'voir plus'],
    es: ['(artículo|entrada|nota|página) (siguiente|anterior)', 'siguiente', 'anterior', 'cargar más', 'ver más'],
    ru: ['(следующая|предыдущая) (статья|новость|страница)', 'далее', 'назад', '(показать|загрузить) (ещё|еще)'],
    uk: ['(наступна|попередня) (стаття|новина|сторінка)', 'далі', 'назад', '(показати|завантажити) (ще|більше)'],
    ko: ['(이전|다음) ?(기사|글|페이지)', '더 ?보기', '이전', '다음'],
    ja: ['(前|次)の(記事|ページ)', 'もっと見る', '次へ', '前へ'],
    zh: ['(上|下)一(篇|页|頁)', '(查看|加载|加載)更多'],
  },
  examples: {
    cruft: ['Zurück zur Übersicht', 'Back to overview', 'Next article', 'Previous', 'Load more', 'Nächster Artikel', 'Article suivant', 'Ver más', 'Следующая статья', 'Наступна новина', '다음 기사', '次の記事', '下一篇'],
    keep: ['Next, the committee will vote.', 'The previous article of the treaty was dropped.'],
  },
};

const backToTop: Rule = {
  id: 'nav.back-to-top',
  why: 'Back-to-top links at the end of a page.',
  match: 'whole',
  phrases: {
    en: ['(back|scroll|go|return) to (the )?top( of (the )?page)?', 'to top', 'top'],
    de: ['(zurück )?nach oben', 'zum seitenanfang'],
    fr: ['(retour )?en haut( de (la )?page)?', 'haut de page'],
    es: ['(volver|ir) (arriba|al inicio)', 'subir'],
    ru: ['наверх', 'вверх'],
    uk: ['нагору', 'вгору', 'догори'],
    ko: ['(맨 ?)?위로( 가기)?', '(맨 ?)?위로 ?가기'],
    ja: ['(ページ(の)?)?(トップ|先頭)(へ|に)(戻る)?', 'トップへ戻る'],
    zh: ['(返回|回到)(顶部|頂部)'],
  },
  examples: {
    cruft: ['Back to top', 'Nach oben', 'Haut de page', 'Volver arriba', 'Наверх', 'Нагору', '맨 위로', 'ページトップへ', '返回顶部'],
    keep: ['Back to the top of the agenda went the budget.'],
  },
};

const tags: Rule = {
  id: 'nav.tags',
  why: 'A list of the tags or topics the article is filed under.',
  match: 'label',
  maxWords: 40,
  edgesOnly: true,
  phrases: {
    en: ['tags?', 'tagged( with)?', 'topics?', 'keywords?', 'filed under', 'categories', 'category'],
    de: ['schlagw(ö|o)rte?r?', 'tags?', 'themen', 'thema', 'stichw(ö|o)rte?r?', 'kategorien?', '(veröffentlicht|abgelegt) (in|unter)'],
    fr: ['mots clés', 'mots clefs', 'étiquettes?', 'sujets?', 'thèmes?', 'catégories?'],
    es: ['etiquetas?', 'temas?', 'palabras clave', 'categorías?'],
    ru: ['теги', 'метки', 'темы', 'тема', 'ключевые слова', 'рубрика'],
    uk: ['теги', 'мітки', 'теми', 'тема', 'ключові слова', 'рубрика'],
    ko: ['(관련 ?)?태그', '키워드', '카테고리'],
    ja: ['タグ', 'キーワード', 'カテゴリー?'],
    zh: ['标签', '標籤', '关键词', '關鍵詞', '分类', '分類'],
  },
  examples: {
    cruft: ['Tags: North Korea, diplomacy', 'Category : Press Releases', 'Schlagwörter: Wahl, Bundestag', 'Mots-clés : élection', 'Etiquetas: política', 'Теги: выборы', 'Теги: вибори', '태그: 북한', 'タグ：選挙', '标签：选举'],
    keep: ['Topics discussed included trade and security.', 'The topic: how to end the war, and who pays for it.'],
  },
};

const postedIn: Rule = {
  id: 'nav.tags',
  why: 'The line blog software prints under a post: where it was filed and a permalink.',
  match: 'start',
  maxWords: 40,
  phrases: {
    en: ['this (entry|post) was posted (in|on|by)', '(posted|filed) (in|under) [^ ]+( [^ ]+){0,5} bookmark the permalink', 'bookmark the permalink'],
    de: ['(dieser|der) (eintrag|beitrag|artikel) wurde (am [^ ]+ )?(in|unter) .{1,80} (veröffentlicht|abgelegt)', 'dieser eintrag wurde veröffentlicht in', '(erstellt|geschrieben|veröffentlicht) am .{1,60} (und )?(abgelegt|veröffentlicht) (unter|in)'],
    fr: ['(cet article|cette entrée) a été (publié|publiée) dans'],
    es: ['(esta entrada|este artículo) (fue publicad[ao]|se publicó) en'],
  },
  examples: {
    cruft: [
      'This entry was posted in Harbour News. Bookmark the permalink.',
      'Dieser Beitrag wurde in Hafen und Verkehr veröffentlicht.',
      'Dieser Eintrag wurde veröffentlicht in Allgemein',
      'Cet article a été publié dans Actualités.',
      'Esta entrada fue publicada en Noticias.',
      'Erstellt am Montag 3. Mai 2021 um 10:00 und abgelegt unter Linux, Tipps.',
    ],
    keep: ['This entry was the last one in his diary before the expedition vanished in the ice.'],
  },
};

const footer: Rule = {
  id: 'nav.footer',
  why: 'Links every page of the site carries at its foot: imprint, privacy, terms, about.',
  match: 'list',
  phrases: {
    en: ['about( us)?', 'imprint', 'privacy( policy| notice| settings)?', 'terms( of (use|service))?', '(terms and|and) conditions', 'cookie (policy|settings)', 'advertise( with us)?', 'careers', 'sitemap', 'rss( feeds?)?', 'accessibility', 'faq'],
    de: ['impressum', 'datenschutz(erklärung)?', 'agb', 'nutzungsbedingungen', 'über uns', 'mediadaten', 'werben', 'barrierefreiheit'],
    fr: ['mentions légales', '(politique de )?confidentialité', 'cgu', 'conditions générales( dutilisation)?', 'qui sommes nous', 'à propos', 'publicité', 'plan du site'],
    es: ['aviso legal', 'política de (privacidad|cookies)', 'términos y condiciones', 'quiénes somos', 'acerca de', 'publicidad', 'mapa del sitio'],
    ru: ['о (нас|проекте)', 'политика конфиденциальности', 'пользовательское соглашение', 'реклама на сайте', 'карта сайта'],
    uk: ['про (нас|проєкт|проект)', 'політика конфіденційності', 'умови використання', 'реклама на сайті', 'карта сайту'],
    ko: ['회사 ?소개', '개인정보 ?처리방침', '이용 ?약관', '광고 ?문의', '사이트맵'],
    ja: ['会社概要', 'プライバシーポリシー', '利用規約', 'サイトマップ', '広告掲載'],
    zh: ['关于我们', '關於我們', '隐私政策', '隱私政策', '使用条款', '网站地图'],
  },
  examples: {
    cruft: ['Privacy Policy', 'Impressum Datenschutz AGB', 'Mentions légales', 'Aviso legal', 'Политика конфиденциальности', 'Про нас', '개인정보처리방침', '利用規約', '关于我们'],
    keep: ['Privacy campaigners criticised the policy.', 'About 300 people attended.'],
  },
};

export const NAVIGATION_RULES: readonly Rule[] = [
  skipLink,
  tableOfContents,
  languageSwitcher,
  breadcrumb,
  section,
  account,
  pagination,
  backToTop,
  tags,
  postedIn,
  footer,
];

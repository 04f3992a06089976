/**
 * Page furniture about the page rather than the story: "Powered by" credits of editors and CMSs,
 * copyright and reprint notices, advertisement labels, cookie-consent notices.
 */
import type { Rule } from '../rule.js';

const editor: Rule = {
  id: 'credit.editor',
  why: 'Credits of the rich-text editor, CMS or web agency that built the page.',
  match: 'start',
  maxWords: 7,
  phrases: {
    en: ['(proudly )?powered by', '(created|made|built|designed|developed) (with|by|using)', '(theme|website|site|design) by'],
    de: ['(erstellt|gemacht) mit', 'betrieben (von|mit)', 'realisiert (von|durch)', '(webdesign|umsetzung) (von|by)'],
    fr: ['propulsé par', 'réalisé (avec|par)', 'conçu par', 'site (réalisé|créé) par'],
    es: ['con la tecnología de', '(desarrollado|diseñado|creado) (por|con)', 'hecho con'],
    ru: ['работает на', 'сделано (на|в)', '(разработка|создание) сайта', 'сайт (разработан|создан)'],
    uk: ['працює на', 'зроблено (на|в)', '(розробка|створення) сайту', 'сайт (розроблено|створено)'],
  },
  examples: {
    cruft: [
      'Powered by Froala Editor',
      'Proudly powered by WordPress',
      'Theme by Example Studio',
      'Erstellt mit Jimdo',
      'Propulsé par WordPress',
      'Desarrollado por Agencia Web',
      'Работает на WordPress',
      'Розробка сайту: Studio',
    ],
    keep: ['Powered by solar panels, the village now has electricity around the clock.', 'Made with love, the cake won first prize.'],
  },
};

const copyright: Rule = {
  id: 'credit.copyright',
  why: 'Copyright, all-rights-reserved, licence and reprint notices, and how to cite the page.',
  match: 'contains',
  maxWords: 45,
  phrases: {
    en: [
      'all rights reserved',
      'may not be (re)?published (without|in any)',
      '(this|the) (article|text|post|story|work|content|page|site|website)( [^ ]+){0,3} (is |are )?(licensed|published|available) under',
      '^licensed under',
      '^(suggested citation|cite this (article|post|page)|how to cite)',
      '(reproduction|reprinting|republication)( [^ ]+){0,8} (is )?(prohibited|not permitted|forbidden)',
    ],
    de: [
      'alle rechte vorbehalten',
      'nachdruck (nur )?(mit|nach)',
      'vervielfältigung (nur )?(mit|nach)',
      '(dieser|der) (text|beitrag|artikel|inhalt)( [^ ]+){0,3} (ist |wurde |wird )?(veröffentlicht|lizenziert) unter',
      'inhalte dieser (website|seite|webseite)( [^ ]+){0,3} unter (der |einer )?(lizenz|creative commons|cc)',
      '^(zitiervorschlag|zitierweise|zitieren sie diesen)',
    ],
    fr: ['tous droits réservés', 'reproduction interdite', '(cet|le) (article|texte|contenu) est (publié|disponible|mis à disposition) sous'],
    pl: ['wszelkie prawa zastrzeżone', 'materiał chroniony prawem autorskim'],
    pt: ['todos os direitos reservados'],
    it: ['tutti i diritti riservati', 'riproduzione riservata'],
    nl: ['alle rechten voorbehouden'],
    es: ['todos los derechos reservados', 'prohibida (su|la) reproducción'],
    ru: ['все права защищены', 'перепечатка (материалов )?(без|только)', 'использование материалов (разрешено|допускается)'],
    uk: ['(усі|всі) права захищені', 'передрук (матеріалів )?(без|лише|тільки)', 'використання матеріалів (дозволяється|дозволено)'],
    ko: ['무단 ?(전재|복제)', '재배포 ?금지', '저작권자'],
    ja: ['無断(転載|複製)', '転載(を)?禁(止|ず)', 'all rights reserved'],
    zh: ['版权所有', '版權所有', '未经(授权|许可)(不得|禁止)?(转载|复制|使用)', '未經(授權|許可)(不得|禁止)?(轉載|複製|使用)', '不得转载', '不得轉載'],
  },
  examples: {
    cruft: [
      'This material may not be republished without the written consent of Example News.',
      'Reproduction of this article in whole or in part is prohibited.',
      '© 2024 Example Media. All rights reserved.',
      'Alle Rechte vorbehalten',
      'Dieser Text ist veröffentlicht unter der Lizenz CC BY-SA 4.0.',
      'This article is licensed under a Creative Commons Attribution 4.0 licence.',
      'Suggested citation: Doe, Jane: A Week on the Canal, Example Blog, 2021.',
      'Wszelkie prawa zastrzeżone.',
      'Tous droits réservés',
      'Todos los derechos reservados',
      'Все права защищены',
      'Усі права захищені',
      '무단 전재 및 재배포 금지',
      '無断転載禁止',
      '版权所有',
    ],
    keep: [
      'Protesters entered the building without permission, police said on Wednesday.',
      'Under Swiss law the names of minors may not be published.',
      'The photos were published under a Creative Commons licence, so the paper could reuse them.',
      'The band reserved all rights to the songs in a 1998 contract, court papers show.',
    ],
  },
};

/**
 * A copyright line that is nothing but the © sign, a year and a name. The year tells a site's
 * copyright footer from a picture credit ("© Agency/Photographer"), which sits inside the article
 * and must not end it (see credit.photo).
 */
const copyrightSign: Rule = {
  id: 'credit.copyright',
  why: 'A short line opening with a copyright sign or "Copyright" and naming a year.',
  match: 'predicate',
  langs: ['any'],
  maxWords: 15,
  test: (text) => /^\s*(?:©|℗|\(c\)|copyright\s*(?:©|\(c\))?\s*\d{4})/iu.test(text) && /(?<!\d)(?:19|20)\d\d(?!\d)/u.test(text),
  examples: {
    cruft: ['© 2024 Example Media', 'Copyright 2023 Example News Ltd', '(c) 2022 Example', '© Example Media 2008–2024'],
    keep: ['Copyright law changed in 2019, when the directive passed after a long fight.', '© Stock Library/Jane Doe'],
  },
};

const figureCaption: Rule = {
  id: 'credit.photo',
  why: 'A numbered figure or table caption ("Figure 3: …", "Abb. 2 – …"): it describes a picture the text does not carry. A label, so "Figure 3 shows…" stays.',
  match: 'label',
  maxWords: 60,
  phrases: {
    en: ['(figure|fig|table|chart|image) \\d+[a-z]?', 'figure'],
    de: ['(abbildung|abb|tabelle|tab|grafik|bild) \\d+[a-z]?', 'abbildung'],
    fr: ['(figure|fig|tableau|graphique|image) \\d+[a-z]?'],
    es: ['(figura|fig|tabla|gráfico|imagen) \\d+[a-z]?'],
  },
  examples: {
    cruft: ['Figure 3: Snow depth along the ridge, measured weekly', 'Abbildung 4: Schichtaufbau im Profil', 'Abb. 2 – Verlauf der Temperatur'],
    keep: [
      'Figures from the ministry show a rise in exports.',
      'Bild und Ton fielen während der Übertragung aus.',
      'Figure 3 shows the snow depth along the ridge.',
    ],
  },
};

const advertisement: Rule = {
  id: 'ad.label',
  why: 'Labels that mark an advertisement slot or sponsored content.',
  match: 'whole',
  phrases: {
    en: [
      'advertisement',
      'advertising',
      'ad',
      'ads',
      'sponsored( content| post| story| by [^ ]+( [^ ]+)?)?',
      'paid (content|post|partnership)',
      'promoted( content| stories)?',
      'partner content',
      'advertisement (scroll|continue reading) (to continue|below)',
      '(story|article) continues below( (this )?advertisement)?',
      'continue reading (the main story|below)',
    ],
    de: ['anzeige', 'werbung', 'gesponsert', 'sponsored', 'lesen sie nach der anzeige weiter', 'weiter nach der anzeige'],
    fr: ['publicité', 'pub', 'sponsorisé', 'contenu sponsorisé', 'la suite après (cette |la )?publicité'],
    es: ['publicidad', 'anuncio', 'patrocinado', 'contenido patrocinado', 'sigue leyendo (después|debajo) de (la publicidad|este anuncio)'],
    pl: ['reklama', 'materiał sponsorowany', 'artykuł sponsorowany'],
    pt: ['publicidade', 'conteúdo patrocinado'],
    it: ['pubblicità', 'contenuto sponsorizzato'],
    nl: ['advertentie', 'gesponsord'],
    ru: ['реклама', 'партнерский материал', 'на правах рекламы', 'продолжение после рекламы'],
    uk: ['реклама', 'партнерський матеріал', 'на правах реклами', 'продовження після реклами'],
    ko: ['광고', 'ad 광고', '스폰서'],
    ja: ['広告', 'スポンサー(リンク)?', 'pr'],
    zh: ['广告', '廣告', '推广', '推廣', '赞助内容'],
  },
  examples: {
    cruft: [
      'Advertisement',
      'ADVERTISEMENT - SCROLL TO CONTINUE',
      'Story continues below advertisement',
      'Anzeige',
      'Publicité',
      'Publicidad',
      'Reklama',
      'Publicidade',
      'Pubblicità',
      'Реклама',
      '광고',
      '広告',
      '广告',
    ],
    keep: ['Advertisement spending rose 5% last year.'],
  },
};

const advertisementLabelled: Rule = {
  id: 'ad.label',
  why: 'An advertisement announced by its label: "ANZEIGE – Tonight, order in?".',
  match: 'label',
  maxWords: 40,
  phrases: {
    en: ['advertisement', 'sponsored( content)?', 'promoted'],
    de: ['anzeige', 'werbung', 'gesponsert'],
    fr: ['publicité', 'sponsorisé'],
    es: ['publicidad', 'patrocinado'],
    pl: ['reklama'],
  },
  examples: {
    cruft: ['ANZEIGE - Heute Abend lieber bestellen? Unsere Tipps:', 'Sponsored: The best deals on garden furniture this week'],
    keep: ['Advertising spending fell: the agency blamed the weak economy.'],
  },
};

const disclosure: Rule = {
  id: 'ad.label',
  why: 'Advertising and affiliate-link disclosures: the page earns money from the products or links it shows.',
  match: 'contains',
  maxWords: 45,
  phrases: {
    en: [
      'affiliate links?',
      '(we|i) (may )?(receive|earn|get|make) (a )?(small )?(commission|compensation)',
      'advertising disclosure',
      '(this|the) (post|article|story|page) (contains|may contain|includes) (paid )?(advertising|ads|sponsored content)',
    ],
    de: [
      'affiliate links?',
      'für (links|käufe|einkäufe)( [^ ]+){0,6} (erhält|erhalten|bekommt|bekommen)( [^ ]+){0,3} (ggf |gegebenenfalls |eventuell )?(eine )?provision',
      '(erhalten|bekommen) wir (ggf |gegebenenfalls |eventuell )?(eine )?provision',
      '(dieser|der) (beitrag|artikel|post) enthält (werbung|affiliate links|anzeigen)',
      'werbung (wegen|durch) (markennennung|verlinkung)',
    ],
    fr: ['liens? (daffiliation|affiliés?)', '(nous|je) (pouvons |peux )?(percevons|percevoir|touchons|toucher) une commission'],
    es: ['enlaces? de afiliados?', '(podemos|puedo) (recibir|ganar) una comisión'],
  },
  examples: {
    cruft: [
      'This post contains affiliate links: if you buy through them, we may earn a commission.',
      'Advertising disclosure: we may receive compensation for some links on this page.',
      'Für Links auf dieser Seite erhält das Portal ggf. eine Provision vom Händler.',
      'Werbung. Dieser Beitrag enthält Werbung für eine Schmuckmarke.',
      'Les liens de cet article sont des liens d’affiliation.',
    ],
    keep: [
      'The agency receives a commission on every ticket it sells, the report found, which critics say distorts its advice.',
      'Der Händler erhält für jeden verkauften Vertrag eine Provision, kritisieren Verbraucherschützer.',
    ],
  },
};

/** Words for a writer's job, as an author bio names it ("… is a senior writer for …"). */
const WRITER_ROLES = {
  en: '(writer|editor|reporter|journalist|correspondent|columnist|contributor|author|blogger|freelancer)',
  de: '(redakteur|redakteurin|autor|autorin|journalist|journalistin|korrespondent|korrespondentin|kolumnist|kolumnistin|volontär|volontärin|bloggerin|blogger)',
};

const authorBio: Rule = {
  id: 'credit.author',
  why: "The author box under an article: its label, or a bio that opens with the name and the writer's job at the outlet.",
  match: 'start',
  maxWords: 80,
  phrases: {
    en: ['about the (author|writer|contributor)s?$', `([^ ]+ ){1,4}(is|was) (a|an|the) ([^ ]+ ){0,3}${WRITER_ROLES.en}s?( [^ ]+){0,3} (for|at|with)`],
    de: [
      'über (den autor|die autorin|die autoren|den verfasser|die verfasserin)$',
      `([^ ]+ ){1,4}(ist|war|arbeitet als) ([^ ]+ ){0,3}${WRITER_ROLES.de}( [^ ]+){0,3} (bei|für|der|des|im|von)`,
    ],
    fr: ['(à propos de l|a propos de l)auteur', 'lauteur$'],
    es: ['sobre el autor$', 'acerca del autor$'],
    pl: ['o autorze$'],
  },
  examples: {
    cruft: [
      'About the author',
      'Jane Doe is a senior writer for Example Weekly, covering energy. She was previously an editor at a trade magazine.',
      'Max Beispiel ist Redakteur bei der Beispiel-Zeitung und schreibt über Verkehr.',
      'Über die Autorin',
    ],
    keep: [
      'The author of the report, a retired judge, said the findings were clear.',
      'Police said the man is a freelance photographer from the north of the city who had been missing since Friday.',
    ],
  },
};

const disclaimer: Rule = {
  id: 'credit.disclaimer',
  why: 'Disclaimers and editorial notes about the article itself: whose opinion it is, that no liability is taken, which standards apply.',
  match: 'start',
  maxWords: 60,
  phrases: {
    en: [
      'disclaimer',
      'our (editorial )?standards',
      'this (article|story|piece|post) (first |originally )?(appeared|was (first |originally )?published) (in|on|at)',
      'originally published (in|on|at)',
      'the (views|opinions) expressed (in this|here|are)( [^ ]+){0,3} (those|the authors)',
    ],
    de: [
      'haftungsausschluss',
      '(alle )?angaben ohne gewähr',
      '(dieser|der) (beitrag|artikel|text|kommentar) gibt (die|nur die|ausschließlich die) meinung (des|der) (autors|autorin|verfassers|verfasserin)',
      'bei diesem beitrag handelt es sich um (einen|ein) (blog|gastbeitrag|blogbeitrag)',
      '(dieser|der) (beitrag|artikel|text) (stammt aus|erschien (zuerst )?(in|im|bei)|ist (zuerst )?(in|im|bei) [^ ]+( [^ ]+){0,4} erschienen)',
    ],
    fr: ['avertissement', 'les (opinions|propos) (exprimées?|tenus) (dans cet|ici)'],
    es: ['aviso legal', 'las opiniones expresadas (en este|aquí)'],
  },
  examples: {
    cruft: [
      'Disclaimer: the views in this column are the writer’s own.',
      'Our Standards: the Example Wire trust principles.',
      '(Alle Angaben ohne Gewähr)',
      'Dieser Beitrag gibt die Meinung des Autors wieder, nicht die der Redaktion.',
      'Dieser Beitrag stammt aus Ausgabe 3/2021 des Beispiel-Magazins.',
      'This article originally appeared in Example Quarterly.',
    ],
    keep: ['The disclaimer on the packet was too small to read, the court found.'],
  },
};

const cookies: Rule = {
  id: 'consent.cookies',
  why: 'Cookie and consent notices.',
  match: 'start',
  maxWords: 80,
  phrases: {
    en: [
      'we use cookies',
      'this (web)?site uses cookies',
      'by (continuing to (use|browse)|using) (this|our) (web)?site',
      '(manage )?cookie (settings|policy|preferences|consent)',
      '(manage )?privacy (settings|preferences|consent)',
      'accept (all )?cookies',
      'we (and our partners )?(use|store)( and access)? (cookies|information)',
    ],
    de: [
      '(cookie )?zustimmung verwalten',
      '(cookie|datenschutz|privatsphäre) ?einstellungen',
      'wir (verwenden|nutzen) (technologien wie )?cookies',
      'diese (web)?seite (verwendet|nutzt) cookies',
      'alle cookies akzeptieren',
      'durch die (weitere )?nutzung (der|dieser) (web)?seite',
    ],
    fr: [
      'nous utilisons des cookies',
      'ce site utilise des cookies',
      'en poursuivant votre navigation',
      'accepter (tous )?les cookies',
      'paramétrer les cookies',
    ],
    es: [
      '(utilizamos|usamos) cookies',
      'este sitio (web )?(utiliza|usa) cookies',
      'al continuar (navegando|con la navegación)',
      'aceptar (todas las )?cookies',
    ],
    ru: ['мы используем (файлы )?cookie', 'этот сайт использует (файлы )?cookie', 'продолжая (использовать|пользоваться) (сайт|сайтом)'],
    uk: ['ми використовуємо (файли )?cookie', 'цей сайт використовує (файли )?cookie', 'продовжуючи (використовувати|користуватися) (сайт|сайтом)'],
    ko: ['(이 사이트는 )?쿠키를 사용'],
    ja: ['(当サイトでは|このサイトは)?クッキー', '当サイトではcookie'],
    zh: ['(本网站|我们)使用cookie', '本網站使用cookie'],
  },
  examples: {
    cruft: [
      'Manage cookie consent',
      'Cookie-Zustimmung verwalten',
      'Privatsphäre-Einstellungen',
      'We use cookies to improve your experience. By continuing you agree.',
      'Wir verwenden Cookies, um unsere Website zu verbessern.',
      'Nous utilisons des cookies pour améliorer votre expérience.',
      'Utilizamos cookies propias y de terceros.',
      'Мы используем файлы cookie.',
      'Ми використовуємо файли cookie.',
    ],
    keep: ['Cookies were handed out to the children after the parade.'],
  },
};

/** Labels that credit a picture, per language: "Foto: Agentur", "(Photo: Jane Doe)", "Bildquelle: …". */
const PICTURE_CREDIT_LABELS = [
  'photo',
  'photos',
  'photograph',
  'photography',
  'picture',
  'image',
  'images',
  'credit',
  'photo credit',
  'image credit',
  'illustration', // en
  'foto',
  'fotos',
  'bild',
  'bilder',
  'bildquelle',
  'bildnachweis',
  'fotoquelle',
  'quelle',
  'grafik',
  'titelbild',
  'beitragsbild',
  'symbolbild', // de
  'crédit',
  'crédits',
  'crédit photo',
  'photo credit', // fr
  'fotografía',
  'imagen',
  'crédito',
  'créditos', // es
  'zdjęcie',
  'fot',
  'źródło', // pl
  'фото',
  'фото с сайта',
  'источник фото',
  'джерело фото',
  'иллюстрация',
  'ілюстрація', // ru, uk
  '사진',
  '写真',
  '图',
  '图片',
  '圖',
  '圖片',
  '摄影',
  '攝影', // ko, ja, zh
];
/** Picture agencies and stock libraries, named at the end of a caption: "(REUTERS/Jane Doe)", "/ Shutterstock". */
const PICTURE_AGENCIES = [
  'shutterstock',
  'getty ?images',
  'istock(?:photo)?',
  'adobe ?stock',
  'stock\\.adobe\\.com',
  'pixabay',
  'unsplash',
  'pexels',
  'imago(?: images)?',
  'picture[- ]alliance',
  'dpa',
  'afp',
  'reuters',
  'ap photo',
  'epa',
  'wenn\\.com',
  'keystone',
  'anp',
];
const PICTURE_CREDIT = new RegExp(
  [
    `(?:^|[(\\[|/–—]\\s*|[.!?]\\s+)(?:${PICTURE_CREDIT_LABELS.join('|')})\\s*[:：=]`,
    `(?:^|\\s)(?:photo(?:graph)?s?|foto|bild) (?:by|von|de|par|por)\\s+\\p{Lu}`,
    `©\\s*[^\\s.!?][^.!?]{0,60}[)\\]]?\\s*$`,
    `(?:^|[(\\[/|–—]\\s*)(?:${PICTURE_AGENCIES.join('|')})(?![\\p{L}])[^.!?]{0,40}$`,
  ].join('|'),
  'iu',
);

const pictureCredit: Rule = {
  id: 'credit.photo',
  why: 'Picture credits and the captions that carry them: a label ("Foto:", "Photo by", "©") naming who took or owns the picture.',
  match: 'predicate',
  langs: ['en', 'de', 'fr', 'es', 'pl', 'ru', 'uk', 'ko', 'ja', 'zh'],
  maxWords: 40,
  test: (text) => PICTURE_CREDIT.test(text),
  examples: {
    cruft: [
      'Foto: Agentur Beispiel',
      'The new bridge at dusk. (Photo: Jane Doe)',
      'Photograph by John Smith, Harbour Trust',
      'Die Brücke im Abendlicht. © Stadtwerke',
      'Bildquelle: Pressestelle',
      'Crédit photo : Marie Martin',
      'Foto: Juan Pérez / Archivo',
      'Striking workers at the gate last year. Photograph: Jane Doe/Example Images',
      'The minister after the vote (REUTERS/Jane Doe)',
      'Office work / Shutterstock',
      'Фото: пресс-служба мэрии',
      '사진=연합뉴스',
      '图片：新华社',
    ],
    keep: [
      'The photo shows the moment the bridge opened to traffic.',
      'Das Bild zeigt die Brücke kurz nach der Eröffnung.',
      'Photography is her passion: she has shot every festival since 2010.',
      'Source: the ministry said the figures were preliminary.',
      'Reuters reported that the talks had stalled over the weekend.',
    ],
  },
};

export const CREDIT_RULES: readonly Rule[] = [
  editor,
  copyright,
  copyrightSign,
  pictureCredit,
  figureCaption,
  advertisement,
  advertisementLabelled,
  disclosure,
  authorBio,
  disclaimer,
  cookies,
];

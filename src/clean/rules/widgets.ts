/**
 * Page widgets whose labels land in scrapes: comment counters and comment-section headers, video
 * and audio players, view and reading-time counters, typo-report hints, print/save/font-size tools.
 * Labels are whole blocks; counters carry a number, written `{n}` in the phrases.
 */
import type { Phrases, Rule } from '../rule.js';

const comments: Rule = {
  id: 'widget.comments',
  why: 'Comment counters and the labels of comment sections.',
  match: 'whole',
  phrases: {
    en: [
      '{n} (comments?|responses?|replies)',
      'comments?( {n})?',
      'no comments( yet)?',
      '(leave|post|add|write) a (comment|reply)',
      '(show|view|load|read|see) (all )?({n} )?comments',
      'recent comments',
      'join the (conversation|discussion)',
      'be the first to comment',
      'comments are closed',
      '{n} (comments?|responses?|replies) (to|on) .{1,120}',
      '(leave a (comment|reply) )?cancel reply',
      '{n} thoughts? on .{1,120}',
    ],
    de: [
      '{n} (kommentare?|antworten|reaktionen) (zu|auf) .{1,120}',
      '(die )?kommentare sind geschlossen',
      '(die )?kommentarfunktion ist (geschlossen|deaktiviert)',
      '{n} kommentare?',
      'kommentare?( {n})?',
      'kommentare? (schreiben|verfassen|hinzufügen)',
      '(schreibe|hinterlasse|verfasse) einen kommentar( antworten abbrechen)?',
      'antwort(en)? abbrechen',
      'keine kommentare',
      '(neueste|letzte) kommentare',
    ],
    fr: [
      '{n} (commentaires?|réponses?|réactions?)( (à|a|sur) .{1,120})?',
      '(vos )?réactions( {n})?',
      'les commentaires sont fermés',
      'commentaires?( {n})?',
      '(laisser|ajouter|écrire) un commentaire',
      'commentaires récents',
    ],
    es: [
      '{n} (comentarios?|respuestas?)( (a|en|para) .{1,120})?',
      '(los )?comentarios (están )?cerrados',
      'comentarios?( {n})?',
      '(deja|dejar|escribe|añadir) (un|tu) comentario',
      'comentarios recientes',
    ],
    pl: ['{n} komentarz(y|e)?', 'komentarze( {n})?', 'komentarze (są )?zamknięte', '(dodaj|napisz) komentarz'],
    ru: ['{n} комментари(ев|я|й)', 'комментари(и|ев|й)( {n})?', '(оставить|добавить|написать) комментарий'],
    uk: ['{n} коментар(ів|і)?', 'коментар(і|ів)?( {n})?', '(залишити|додати|написати) коментар'],
    ko: ['댓글( {n})?( ?개)?', '{n} ?개의 댓글', '댓글 ?(쓰기|달기|보기)'],
    ja: ['コメント( {n})?( ?件)?', 'コメント(する|を書く|を見る)'],
    zh: ['评论( {n})?', '評論( {n})?', '{n} ?条评论', '(发表|發表)(评论|評論)'],
  },
  examples: {
    cruft: [
      '0 Comments',
      'Recent Comments:',
      'Comments (12)',
      '7 responses to “A Week on the Canal”',
      '12 Antworten zu Unser Garten im Herbst',
      'Vos réactions (4)',
      'Kommentare sind geschlossen.',
      'Leave a comment',
      '3 Kommentare',
      'Commentaires',
      'Deja un comentario',
      'Hinterlasse einen Kommentar',
      'Antwort abbrechen',
      'Dodaj komentarz',
      'Комментарии 5',
      'Коментарі',
      '댓글 3개',
      'コメント 2件',
      '发表评论',
    ],
    keep: ['Comments from the minister angered the opposition.', 'He declined to comment.'],
  },
};

const commentButtons: Rule = {
  id: 'widget.comments',
  why: 'Reply and discuss buttons of a comment thread: single words that can also head a section of an article, so only outside its body.',
  match: 'whole',
  edgesOnly: true,
  phrases: {
    en: ['reply', 'discussion', 'discuss'],
    de: ['antworten', 'diskussion', 'diskutieren', 'kommentieren'],
    fr: ['répondre', 'réagir'],
    es: ['responder', 'comentar'],
    pl: ['odpowiedz', 'dyskusja'],
    ru: ['ответить', 'обсуждение'],
    uk: ['відповісти', 'обговорення'],
    ko: ['답글', '답글 ?달기'],
    ja: ['返信'],
    zh: ['回复', '回覆'],
  },
  examples: {
    cruft: ['Reply', 'Antworten', 'Répondre', 'Responder', 'Odpowiedz', 'Ответить', 'Відповісти', '답글', '返信', '回复'],
    keep: ['Reply to the minister: the letter in full.'],
  },
};

const commentGate: Rule = {
  id: 'widget.comments',
  why: "The comment form's demand to log in or register first.",
  match: 'contains',
  maxWords: 30,
  phrases: {
    en: ['(you must|you need to|please) (be )?(logged in|log in|sign in|register)( [^ ]+){0,3} to (post|leave|write|add)( a)? (comment|reply)'],
    de: ['kommentieren zu können (musst du|müssen sie)', '(um|zum)( [^ ]+){0,8} (zu )?kommentieren (musst du|müssen sie)'],
    fr: ['vous devez être (connecté|inscrit) pour (publier|laisser|poster|écrire)( un)? commentaire'],
    es: ['para comentar (debes|tienes que|es necesario) (registrarte|iniciar sesión|estar registrado)'],
  },
  examples: {
    cruft: [
      'You must be logged in to post a comment.',
      'Um den Beitrag „Herbstsuppe“ kommentieren zu können, müssen Sie eingeloggt sein.',
      'Vous devez être connecté pour publier un commentaire.',
      'Para comentar debes registrarte con tu correo.',
    ],
    keep: ['Officials said anyone who wants to comment must register with the council by Friday, and several groups already have.'],
  },
};

const pingback: Rule = {
  id: 'widget.comments',
  why: 'Pingback and trackback entries in a comment thread: another blog linking to the post.',
  match: 'start',
  maxWords: 40,
  phrases: { any: ['pingback', 'trackback'] },
  examples: {
    cruft: ['Pingback: Ten walks near the river | Example Blog', 'Pingback von Herbst am See | Beispielblog | 03.10.2021 09:12'],
    keep: ['Pingbacks were a way for blogs to tell each other about links, and spammers soon abused them.'],
  },
};

const media: Rule = {
  id: 'widget.media',
  why: 'Labels of embedded video and audio players.',
  match: 'whole',
  phrases: {
    en: [
      'now (watching|playing)',
      '(watch|play)( the)?( video| now| live)?',
      'video',
      'audio',
      'listen( now)?',
      'listen to (this|the) (article|story)',
      'video player is loading',
      'this video (is not|isnt) available',
      'your browser does not support (the )?(video|audio)( tag| element)?',
      'up next',
      'live',
    ],
    de: ['jetzt ansehen', 'video (abspielen|ansehen)', 'video', 'anhören', '(artikel )?(anhören|vorlesen)', 'läuft gerade'],
    fr: ['lecture en cours', '(regarder|voir) la vidéo', 'vidéo', 'écouter( (cet|l) article)?'],
    es: ['(ver|reproducir) (el )?video', 'video', 'escuchar( (la noticia|el artículo|este artículo))?', 'reproduciendo'],
    ru: ['смотрите (также )?видео', 'смотреть видео', 'видео', 'слушать', 'сейчас в эфире'],
    uk: ['дивіться (також )?відео', 'дивитися відео', 'відео', 'слухати', 'зараз в ефірі'],
    ko: ['(동영상|영상) ?(보기|재생)', '기사 ?듣기', '(동영상|영상)'],
    ja: ['動画(を見る|再生)?', '再生', '記事を聞く'],
    zh: ['播放(视频|視頻)?', '(观看|觀看)(视频|視頻)', '视频', '視頻'],
  },
  examples: {
    cruft: [
      'Now watching',
      'Watch video',
      'Listen to this article',
      'Jetzt ansehen',
      'Regarder la vidéo',
      'Ver video',
      'Смотрите видео',
      'Дивіться відео',
      '동영상 보기',
      '動画を見る',
      '播放视频',
    ],
    keep: ['Now watching the clock, negotiators hurried.', 'The video shows the moment of the blast.'],
  },
};

const counter: Rule = {
  id: 'widget.counter',
  why: 'View, like and share counters, and reading-time estimates.',
  match: 'list',
  phrases: {
    en: [
      '{n} (views?|reads?|likes?|shares?|min(ute)?s?( read)?)',
      '(views?|reads?|likes?|shares?) {n}',
      '(reading|read) time {n} min(ute)?s?',
      '{n} min(ute)?s? read',
    ],
    de: ['{n} (aufrufe|leser|min(uten)?)', 'lesezeit {n} min(uten)?', '{n} min(uten)? lesezeit', 'aufrufe {n}'],
    fr: ['{n} (vues|lectures|min)', '{n} min(utes)? de lecture', 'temps de lecture {n} min(utes)?', 'lecture {n} min'],
    es: ['{n} (visitas|vistas|lecturas|min)', '{n} min(utos)? de lectura', '(tiempo de )?lectura {n} min(utos)?'],
    pl: ['ten (tekst|artykuł) przeczytasz w( mniej niż)? ({n} )?minut[ęy]?', 'czas czytania {n} min(ut[ay]?)?'],
    ru: ['{n} просмотр(ов|а)?', 'просмотр(ов|ы)? {n}', 'время чтения {n} мин(ут[аы]?)?', '{n} мин(ут[аы]?)?( чтения)?'],
    uk: ['{n} перегляд(ів|и)?', 'перегляд(ів|и)? {n}', 'час читання {n} хв(илин[аи]?)?', '{n} хв(илин[аи]?)?( читання)?'],
    ko: ['조회(수)? ?{n}', '{n} ?분 ?(읽기|소요)'],
    ja: ['(閲覧数?|pv) ?{n}', '{n} ?(pv|回閲覧)'],
    zh: ['(阅读|閱讀|浏览|瀏覽)(量|数|數)? ?{n}', '{n} ?(阅读|閱讀|次浏览)'],
  },
  examples: {
    cruft: [
      '1,234 views',
      '5 min read',
      'Ten tekst przeczytasz w mniej niż minutę',
      'Reading time: 4 minutes',
      'Lesezeit 3 Min',
      '3 min de lecture',
      '2 minutos de lectura',
      'Просмотров: 1520',
      'Переглядів: 87',
      '조회수 1,234',
      '閲覧数 512',
      '阅读 2.1万',
    ],
    keep: ['The video drew 1,234 views within an hour.', 'Views differ on the plan.'],
  },
};

const typoReport: Rule = {
  id: 'widget.typo-report',
  why: 'The "select a typo and press Ctrl+Enter" hint of a typo-report widget.',
  match: 'contains',
  maxWords: 30,
  phrases: { any: ['ctrl enter'] },
  also: {
    en: ['(highlight|select|mark)', 'typo', 'mistake', 'error'],
    de: ['markieren', 'fehler'],
    fr: ['sélectionnez', 'erreur', 'faute'],
    es: ['selecciona', 'error'],
    ru: ['выделите', 'ошибк[аиуе]', 'опечатк[аиуе]'],
    uk: ['виділіть', 'помилк[аиуе]'],
  },
  examples: {
    cruft: [
      'You can also highlight the text and press Ctrl + Enter',
      'Found a typo? Select it and press Ctrl+Enter',
      'Fehler gefunden? Markieren und Ctrl+Enter drücken',
      'Нашли ошибку? Выделите ее и нажмите Ctrl+Enter',
      'Помітили помилку? Виділіть її та натисніть Ctrl+Enter',
    ],
    keep: ['To run the query, press Ctrl + Enter in the editor.'],
  },
};

/** Words of the print, save and font-size tools that sit beside share buttons. */
export const TOOL_WORDS: Phrases = {
  en: ['print( this)?( article| page)?', 'printer friendly( version)?', 'save( (article|for later|to list))?', 'saved', 'bookmark', '(font|text) size', 'a a'],
  de: ['drucken', '(artikel|seite) drucken', 'merken', 'speichern', 'schriftgröße', 'bild (anzeigen|schließen|vergrößern)'],
  fr: ['imprimer( (cet|l) article)?', 'enregistrer', 'sauvegarder', 'taille du texte'],
  es: ['imprimir', 'guardar', 'tamaño (de )?(letra|texto|fuente)'],
  ru: ['печать', 'распечатать', 'версия для печати', 'сохранить', 'в закладки', 'размер шрифта'],
  uk: ['друк', 'роздрукувати', 'версія для друку', 'зберегти', 'в закладки', 'розмір шрифту'],
  ko: ['인쇄(하기)?', '스크랩', '글자 ?크기', '북마크', '저장'],
  ja: ['印刷(する)?', '保存(する)?', 'ブックマーク', '文字(の)?(サイズ|大きさ)', 'クリップ'],
  zh: ['打印', '列印', '字号', '字體', '字体', '收藏'],
};

const tools: Rule = {
  id: 'widget.tools',
  why: 'Print, save, bookmark and font-size tools.',
  match: 'list',
  phrases: TOOL_WORDS,
  examples: {
    cruft: ['Print', 'A A', 'Drucken', 'Imprimer', 'Imprimir', 'Версия для печати', 'Друк', '인쇄하기', '印刷する', '打印'],
    keep: ['Print editions were sold out.', 'Save the date: the vote is on Monday.'],
  },
};

const rating: Rule = {
  id: 'widget.tools',
  why: 'Rating widgets, download buttons and shop-cart notices beside the article ("Rate this article", "Download as PDF", "Item was added to your basket").',
  match: 'whole',
  phrases: {
    en: [
      '(the )?(item|product|article) (was|has been) (successfully )?added to (your )?(cart|basket|wish ?list)',
      'rate (this|the) (article|story|post|recipe)',
      '(download|save) (this|the) (article|page|story) as (a )?pdf',
      '(download|save) as pdf',
    ],
    de: [
      '(der )?artikel wurde (erfolgreich )?(in den warenkorb |zum warenkorb |auf den merkzettel )?(gelegt|hinzugefügt)',
      '(hier können sie )?(den|diesen) (artikel|beitrag) bewerten',
      '(artikel|beitrag) bewerten',
      '(dieses|das) (skript|dokument|rezept) als pdf herunterladen',
      'als pdf herunterladen',
    ],
    fr: ['(notez|évaluez) cet article', 'télécharger (en|au format) pdf'],
    es: ['valora (esta noticia|este artículo)', '(califica|puntúa) (esta noticia|este artículo)', 'descargar (en )?pdf'],
    ru: ['оцените (статью|материал)', 'скачать (в )?pdf'],
    uk: ['оцініть (статтю|матеріал)', 'завантажити (у )?pdf'],
  },
  examples: {
    cruft: [
      'Rate this article',
      'Der Artikel wurde erfolgreich hinzugefügt.',
      'Item was added to your basket',
      'Diesen Beitrag bewerten',
      'Das Rezept als PDF herunterladen',
      'Valora este artículo',
      'Оцените статью',
    ],
    keep: ['Rate rises hit borrowers hard this year.'],
  },
};

export const WIDGET_RULES: readonly Rule[] = [comments, commentButtons, commentGate, pingback, media, counter, typoReport, tools, rating];

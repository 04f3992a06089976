/**
 * Social cruft: calls to join the outlet's messenger channel or follow it on a social network, and
 * share bars flattened into words ("Facebook Twitter WhatsApp Email"). Calls to action are short and
 * open with the call ("Join us…", "Підписуйтесь…"), which is what keeps sentences that merely mention
 * Telegram or Twitter in the article.
 */
import type { Phrases, Rule } from '../rule.js';
import { TOOL_WORDS } from './widgets.js';

/** How calls to follow, join or subscribe open, per language. */
const CALL_OPENERS: Phrases = {
  en: [
    '(join|follow|subscribe to|find|read|watch|add) (us|our)',
    'follow( [^ ]+){1,4} on',
    'like us',
    '(follow|join|subscribe)( now| today)',
    'we are( also)? on',
    'were( also)? on',
    'stay (connected|updated|informed|in touch)',
    'get (the latest|our|breaking) (news|updates|stories)',
    'for (more|the latest|breaking) (news|updates|stories)',
    'more news on',
  ],
  de: [
    'folgen sie uns',
    'folg(e|t) uns',
    '(abonnieren|abonniert|abonniere) (sie )?(uns|unseren|unsere|unser)',
    'tritt (unserem|unserer)',
    '(besuchen|finden) sie uns',
    'wir sind (auch )?(auf|bei)',
    'jetzt (folgen|abonnieren)',
    '(unser|unseren|unsere) (telegram|whatsapp|kanal)',
    'mehr (news|nachrichten) (auf|bei|im|in)',
  ],
  fr: [
    'suivez nous',
    'rejoignez nous',
    'rejoignez (notre|nos)',
    'abonnez vous',
    'retrouvez nous',
    'suivez (notre|nos|l actualité)',
    'plus d(infos|actualités) sur',
  ],
  es: [
    'síguenos',
    'siguenos',
    'sígue(nos)?',
    'únete',
    'unete',
    'suscríbete',
    'suscribete',
    'encuéntranos',
    'más noticias en',
    '(mira|visita|conoce)( [^ ]+){0,3} nuestro canal',
    'ya sabías que( [^ ]+){0,4} tenemos',
  ],
  ru: [
    'подписывайтесь',
    'подпишитесь',
    'присоединяйтесь',
    'читайте (нас|наш)',
    'следите за (нами|новостями)',
    'мы в (telegram|телеграмм?|viber|вайбер|whatsapp|соцсетях|социальных сетях)',
    'наш (телеграм|канал)',
    'больше новостей (в|на)',
  ],
  uk: [
    'підписуйтесь',
    'підписуйтеся',
    'підпишіться',
    'приєднуйтесь',
    'приєднуйтеся',
    'читайте (нас|наш)',
    'слідкуйте за (нами|новинами)',
    'ми (в|у) (telegram|телеграмі?|viber|вайбері?|whatsapp|соцмережах|соціальних мережах)',
    'наш (телеграм|канал)',
    'більше новин (у|в|на)',
  ],
  zh: ['关注', '關注', '订阅', '訂閱', '加入'],
};

/** Messenger channels outlets push their news through. */
const MESSENGERS: Phrases = {
  any: [
    'telegram',
    'viber',
    'whatsapp',
    'signal',
    'телеграмм?',
    'тг',
    'вайбер',
    'вотсап',
    'ватсап',
    '텔레그램',
    '카카오톡',
    '카톡',
    'テレグラム',
    '电报',
    '電報',
    '微信',
  ],
};

/** Social networks, and the words for "social media", and @handles. */
const NETWORKS: Phrases = {
  any: [
    'facebook',
    'twitter',
    'x',
    'instagram',
    'youtube',
    'tiktok',
    'linkedin',
    'threads',
    'bluesky',
    'mastodon',
    'pinterest',
    'google news',
    'vk',
    'vkontakte',
    '@[^ ]+',
    'фейсбук',
    'твиттер',
    'твітер',
    'инстаграм',
    'інстаграм',
    'ютуб',
    'вконтакте',
    'одноклассники',
    '페이스북',
    '트위터',
    '인스타그램',
    '유튜브',
    '微博',
    '抖音',
  ],
  en: ['social (media|networks)', 'channel'],
  de: ['sozialen (medien|netzwerken)', 'kanal'],
  fr: ['réseaux sociaux', 'chaîne'],
  es: ['redes sociales', 'canal'],
  ru: ['соцсетях', 'социальных сетях', 'канал'],
  uk: ['соцмережах', 'соціальних мережах', 'канал'],
};

const messengerCall: Rule = {
  id: 'social.telegram',
  why: 'Calls to join the outlet on Telegram, Viber or WhatsApp, common in news from Ukraine and Russia.',
  match: 'start',
  maxWords: 25,
  phrases: CALL_OPENERS,
  also: MESSENGERS,
  examples: {
    cruft: [
      'JOIN US ON TELEGRAM',
      'Subscribe to our Telegram channel for the latest news',
      'Folgen Sie uns auf WhatsApp',
      'Rejoignez-nous sur Telegram',
      'Únete a nuestro canal de WhatsApp',
      'Подписывайтесь на наш Telegram-канал',
      'Підписуйтесь на наш Telegram-канал',
      'Читайте нас у Viber',
      '关注我们的微信公众号',
    ],
    keep: [
      'Ми в Харкові знову чули вибухи, написав мер міста у своєму Telegram.',
      'Join the protest on Saturday, organisers wrote on X.',
      'The Telegram channel, which has two million subscribers, published the video on Sunday.',
      'Officials said they would follow developments on Telegram and respond when needed.',
    ],
  },
};

/** Korean and Japanese put the verb last: "텔레그램 채널을 구독하세요". */
const messengerCallVerbLast: Rule = {
  id: 'social.telegram',
  why: 'Calls to join the outlet on a messenger, in languages that put the verb last.',
  match: 'contains',
  maxWords: 15,
  phrases: {
    ko: ['구독(하세요|하기|해 ?주세요)', '채널 ?추가', '친구 ?추가'],
    ja: ['友だち追加', '友達追加', '(登録|フォロー)(して|を)(ください|お願い)'],
  },
  also: { ...MESSENGERS, ja: ['line'] },
  examples: {
    cruft: ['텔레그램 채널을 구독하세요', '카카오톡 채널 추가', 'LINEで友だち追加'],
    keep: ['텔레그램 채널에서 영상이 공개됐다.'],
  },
};

const followCall: Rule = {
  id: 'social.follow',
  why: 'Calls to follow the outlet on a social network or at a @handle.',
  match: 'start',
  maxWords: 25,
  phrases: CALL_OPENERS,
  also: NETWORKS,
  examples: {
    cruft: [
      'Follow our live coverage on the @harbourgazette channel.',
      'Follow us on Facebook and Twitter',
      'Folgen Sie uns auf Instagram',
      'Suivez-nous sur les réseaux sociaux',
      'Síguenos en Twitter',
      'Follow the Harbour Gazette on Twitter and Instagram @harbourgazette.',
      '¡Mira lo que tiene nuestro canal de YouTube!',
      'Подписывайтесь на нас в соцсетях',
      'Слідкуйте за нами у Facebook',
    ],
    keep: [
      'Follow-up hearings will be streamed on the council YouTube channel.',
      'Like our rivals, we lost readers after Twitter changed its rules.',
      'Trump urged supporters to follow him on Truth Social.',
      'Follow the money, investigators said, and the trail leads abroad.',
      'Follow the instructions on page 3 of the form.',
    ],
  },
};

const followLabel: Rule = {
  id: 'social.follow',
  why: 'A "follow us" label above a row of social icons.',
  match: 'whole',
  phrases: {
    en: ['follow us( on| at)?', 'connect with us', 'find us on', 'stay connected', 'social media'],
    de: ['folgen sie uns( auf)?', 'folge uns( auf)?', 'wir in den sozialen (medien|netzwerken)'],
    fr: ['suivez nous( sur)?', 'retrouvez nous sur'],
    es: ['síguenos( en)?', 'siguenos( en)?', 'redes sociales'],
    ru: ['(мы|присоединяйтесь) в (соцсетях|социальных сетях)', 'подписывайтесь на нас'],
    uk: ['(ми|приєднуйтесь) (в|у) (соцмережах|соціальних мережах)', 'підписуйтесь на нас'],
    ko: ['(sns|소셜 ?미디어) ?(팔로우|구독)'],
    ja: ['(公式)?(sns|ソーシャルメディア)'],
    zh: ['关注我们', '關注我們'],
  },
  examples: {
    cruft: ['Follow us', 'Folgen Sie uns auf:', 'Suivez-nous', 'Síguenos en', 'Мы в соцсетях', 'Ми в соцмережах', '关注我们', '公式SNS', 'SNS'],
    keep: ['Follow us, the guide said, and keep to the path.'],
  },
};

/** Share-bar words: networks, "share", "tweet", "copy link", like buttons. */
const SHARE_WORDS: Phrases = {
  any: [
    'facebook',
    'twitter',
    'x',
    'whatsapp',
    'telegram',
    'linkedin',
    'reddit',
    'pinterest',
    'tumblr',
    'flipboard',
    'messenger',
    'viber',
    'vk',
    'ok',
    'threads',
    'bluesky',
    'mastodon',
    'pocket',
    'xing',
    'email',
    'e mail',
    'mail',
    'sms',
    'fb',
    'tw',
    'in',
  ],
  en: [
    'share( this| the)?( article| story| post| page| link)?',
    'share( this| the)?( article| story| post| page| link)? (on|via|to|with) [^ ]+',
    'shares?',
    'tweet( this)?',
    'pin( it)?',
    'copy( the)? link',
    'link copied',
    'like',
    'spread the word',
    '(did you )?(like|liked|enjoy|enjoyed) (this|the) (article|story|post)( spread the word| please share( it)?| share it)?',
    'if you (liked|enjoyed) (this|the) (article|story|post)( please)? share it',
  ],
  de: [
    'teilen',
    '(artikel|beitrag|seite) teilen',
    'teile (diesen|den) (beitrag|artikel)( (auf|in) (social media|den sozialen (medien|netzwerken)))?',
    '(diesen|den) (artikel|beitrag) teilen',
    'jetzt teilen',
    '(auf|per|via) [^ ]+ teilen',
    'teilen (auf|per|via) [^ ]+',
    'per (e mail|mail) (versenden|senden)',
    'link kopieren',
    'twittern',
    'gefällt mir',
  ],
  fr: ['partager( (cet|l) article| sur [^ ]+)?', 'partagez( cet article)?', 'envoyer par (e mail|email|courriel)', 'copier le lien', 'jaime'],
  es: [
    'compartir( (en|por) [^ ]+)?',
    'compartir (esta noticia|este artículo)',
    'comparte( esta noticia)?',
    'enviar por (correo|email|whatsapp)',
    'copiar (el )?enlace',
    'me gusta',
  ],
  ru: [
    'поделиться( в [^ ]+)?',
    'поделитесь( с друзьями)?',
    'отправить (другу|по почте)',
    'скопировать ссылку',
    'вконтакте',
    'одноклассники',
    'телеграм',
    'фейсбук',
    'твиттер',
    'нравится',
  ],
  uk: ['поділитися', 'поділіться( з друзями)?', 'поширити', 'поширте', 'скопіювати посилання', 'фейсбук', 'телеграм', 'подобається'],
  ko: ['(기사 ?)?공유(하기)?', '페이스북', '트위터', '카카오톡', '카카오스토리', '네이버 ?밴드', '밴드', '(링크|url) ?복사', '좋아요'],
  ja: ['シェア(する)?', 'ツイート', 'ポスト', '共有(する)?', 'lineで送る', 'はてなブックマーク', 'リンクをコピー', 'いいね'],
  zh: ['分享(到)?', '微信', '微博', 'qq', 'qq空间', '复制链接', '複製連結', '朋友圈'],
};

const shareBar: Rule = {
  id: 'social.share',
  why: 'Share buttons, and the print/save tools beside them, flattened into words.',
  match: 'list',
  phrases: mergePhrases(SHARE_WORDS, TOOL_WORDS),
  examples: {
    cruft: [
      'whatsapp',
      'Share',
      'Facebook Twitter WhatsApp Email',
      'Enjoyed this story? Spread the word!',
      'Share this article',
      'Share this article on Facebook',
      'Teilen',
      'Teile diesen Artikel in den sozialen Netzwerken',
      'Diesen Artikel teilen:',
      'Partager sur Facebook',
      'Compartir en WhatsApp',
      'Поделиться',
      'Поділитися',
      '공유하기',
      'シェア',
      '分享到',
      'Share Print',
    ],
    keep: [
      'Shares in the company fell 4% on Monday.',
      'Facebook said it would appeal the ruling.',
      'Share this article on Facebook, the minister told her followers.',
    ],
  },
};

function mergePhrases(...sets: Phrases[]): Phrases {
  const out: Record<string, string[]> = {};
  for (const set of sets) {
    for (const [lang, list] of Object.entries(set)) (out[lang] ??= []).push(...(list ?? []));
  }
  return out;
}

export const SOCIAL_RULES: readonly Rule[] = [messengerCall, messengerCallVerbLast, followCall, followLabel, shareBar];

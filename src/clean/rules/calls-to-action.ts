/**
 * Calls to action of the site itself: newsletter sign-ups, subscription and paywall prompts, app
 * install prompts, "get in touch" links. They open with the call, and are short; sentences of an
 * article that use the same verbs are longer or do not open with them.
 */
import type { Rule } from '../rule.js';

const newsletter: Rule = {
  id: 'cta.newsletter',
  why: 'Newsletter sign-up boxes: they open with the call to sign up.',
  match: 'start',
  maxWords: 40,
  phrases: {
    en: ['(sign up|subscribe|register) (for|to) (our|the)( [^ ]+){0,3} newsletters?', 'get (our|the)( [^ ]+){0,3} newsletter'],
    de: [
      '(jetzt )?(zum|für den|unseren) newsletter anmelden',
      '(jetzt )?(den |unseren )?(kostenlosen )?newsletter (abonnieren|bestellen)',
      '(melden sie sich|abonnieren sie) (jetzt )?(für |zum )?(unseren|den) newsletter',
    ],
    fr: ['(abonnez vous|inscrivez vous) à (notre|la)( [^ ]+){0,2} (newsletter|lettre)', '(recevez|recevoir) (notre|la) newsletter'],
    es: ['(suscríbete|suscribete|regístrate|registrate) (a|en) (nuestro|el|nuestra|la) (boletín|newsletter)', 'recibe (nuestro|el) boletín'],
    ru: ['(подпишитесь|подписаться) на (нашу )?рассылку'],
    uk: ['(підпишіться|підписатися) на (нашу )?розсилку'],
    ko: ['뉴스레터 ?(구독|신청)'],
    ja: ['(メール)?(マガジン|ニュースレター|メルマガ)(登録|を購読)'],
    zh: ['订阅(我们的)?(新闻通讯|电子报|简报)', '訂閱(我們的)?電子報'],
  },
  examples: {
    cruft: [
      'Jetzt Newsletter abonnieren',
      "Sign up for our newsletter. We won't share your email address.",
      'Subscribe to our free daily newsletter',
      'Newsletter abonnieren',
      'Inscrivez-vous à notre newsletter',
      'Suscríbete a nuestro boletín',
      'Подпишитесь на рассылку',
      'Підпишіться на розсилку',
      '뉴스레터 구독하기',
      'メルマガ登録',
      '订阅我们的电子报',
    ],
    keep: [
      'Newsletters from the ministry went out on Monday, officials said, and reached every school.',
      'Subscribe to the theory that markets correct themselves, and you will wait a long time.',
    ],
  },
};

const newsletterLabel: Rule = {
  id: 'cta.newsletter',
  why: 'The heading of a newsletter box.',
  match: 'whole',
  phrases: {
    en: ['(our |the |free |daily |weekly )*newsletters?', 'newsletter sign ?up'],
    de: ['newsletter', '(unser|kostenloser) newsletter'],
    fr: ['(la |notre )?newsletter', 'lettre dinformation'],
    es: ['(nuestro )?(boletín|newsletter)'],
    ru: ['рассылка', 'наша рассылка'],
    uk: ['розсилка', 'наша розсилка'],
    ko: ['뉴스레터'],
    ja: ['メルマガ', 'ニュースレター'],
    zh: ['电子报', '電子報', '新闻通讯'],
  },
  examples: {
    cruft: ['Newsletter', 'Our daily newsletter', 'Lettre d’information', 'Boletín', 'Рассылка', 'Розсилка', '뉴스레터', 'メルマガ', '电子报'],
    keep: ['The newsletter was read by millions.'],
  },
};

const newsletterPrompt: Rule = {
  id: 'cta.newsletter',
  why: 'A newsletter prompt written as a sentence ("Never miss … by signing up to our newsletter"); short, so an article sentence about newsletters is rarely caught.',
  match: 'contains',
  maxWords: 30,
  phrases: {
    en: [
      'sign(ing)? up (for|to) (our|the)( [^ ]+){0,3} newsletters?',
      'subscribe to (our|the)( [^ ]+){0,3} newsletters?',
      '(receive|get) our( [^ ]+){0,2} newsletter',
      'never miss (a|an|our|the latest|another)( [^ ]+)? (story|stories|article|articles|update|updates|post|posts|news)',
      'enter your e ?mail address to (subscribe|follow)',
    ],
    de: [
      '(abonnieren sie|abonniere) (jetzt )?(kostenlos )?(den|unseren|die|unsere)( [^ ]+){0,2} newsletter',
      'verpasse keine (news|nachrichten|artikel|beiträge|neuigkeiten)',
      'keine (news|neuigkeiten|nachrichten|artikel)( [^ ]+){0,4} (mehr )?verpassen',
      '(jetzt )?für( [^ ]+){0,3} (newsletter|news) anmelden',
      '(gib deine|geben sie ihre) e ?mail adresse an um( [^ ]+){0,3} zu abonnieren',
    ],
    fr: ['(inscrivez vous|abonnez vous) à (notre|la)( [^ ]+){0,2} (newsletter|lettre)', 'ne (manquez|ratez) (plus )?(rien|aucun article|aucune info)'],
    es: ['(suscríbete|suscribete|regístrate) a (nuestro|nuestra|el|la) (boletín|newsletter)', 'no te pierdas (ninguna noticia|nada)'],
    ru: ['подпишитесь на (нашу )?рассылку'],
    uk: ['підпишіться на (нашу )?розсилку'],
    ko: ['뉴스레터를? 구독'],
    ja: ['(メルマガ|ニュースレター)(に|を)?(登録|購読)'],
    zh: ['订阅(我们的)?(新闻通讯|电子报)'],
  },
  examples: {
    cruft: [
      'Stay ahead of the news by signing up to our morning newsletter.',
      'Never miss our best stories: they arrive in your inbox each week.',
      'Get our weekly newsletter with the best of the harbour.',
      'Gib deine E-Mail-Adresse an, um unsere Beiträge zu abonnieren.',
      'Keine Nachrichten aus dem Hafen mehr verpassen!',
      'Verpasse keine Artikel über den Hafen',
      'Jetzt für unsere Hafen-News anmelden',
      'Ne manquez rien : inscrivez-vous à notre newsletter.',
      'No te pierdas nada: suscríbete a nuestro boletín.',
    ],
    keep: [
      'The ministry said it would send its newsletter to every school, and parents could sign up for it as well if they asked the council.',
      'Never miss a chance to see the comet, astronomers said, because it returns only once in 76 years.',
    ],
  },
};

const subscribe: Rule = {
  id: 'cta.subscribe',
  why: 'Subscription and paywall prompts.',
  match: 'start',
  maxWords: 30,
  phrases: {
    en: [
      'subscribe( now| today| to (continue|read|unlock))',
      'already a (subscriber|member)',
      'become a (member|subscriber|supporter)',
      'support (our|independent|quality) journalism',
      'to continue reading',
      'continue reading with',
      'this (article|content|story) is (only )?(for|available to|reserved for) (subscribers|members)',
      'unlock (this|unlimited|full) (article|access)',
      'you have reached your (free )?(article )?limit',
      'to (view|read|see) (the full|the whole|this|the rest of (this|the)) (story|article)',
      'if youre( [^ ]+){0,5} already a (subscriber|member)',
    ],
    de: [
      'jetzt (abonnieren|abo abschließen|weiterlesen)',
      '(bereits|schon) abonnent',
      'abo abschließen',
      'weiterlesen mit',
      'dieser (artikel|inhalt) ist (nur )?für abonnenten',
      'unterstützen sie (unseren|unabhängigen) journalismus',
    ],
    fr: ['abonnez vous( pour lire)?', 'déjà abonné', 'réservé aux abonnés', 'cet article est réservé', 'soutenez (notre|le) journalisme'],
    es: [
      'suscríbete( para (seguir leyendo|leer))?',
      'ya (eres|soy) suscriptor',
      'contenido (exclusivo|solo) para suscriptores',
      'apoya (nuestro|el) periodismo',
    ],
    ru: ['оформите подписку', 'уже подписаны', 'материал доступен (только )?по подписке', 'поддержите (нашу )?редакцию'],
    uk: ['оформіть (передплату|підписку)', 'вже (передплатник|маєте підписку)', 'підтримайте (нашу )?редакцію', 'підтримати (нас|редакцію)'],
    ko: ['(유료 ?)?구독하고', '유료 ?회원 ?전용'],
    ja: ['有料会員(限定|登録)', '会員限定(記事)?', '続きを読むには'],
    zh: ['订阅(后|以)?(阅读|继续)', '訂閱(後|以)?(閱讀|繼續)', '会员专享', '會員專享'],
  },
  examples: {
    cruft: [
      'Subscribe now',
      'Already a subscriber? Log in',
      'To read the full story, please subscribe to the Example Gazette.',
      'Support independent journalism',
      'Jetzt abonnieren',
      'Déjà abonné ?',
      'Suscríbete para seguir leyendo',
      'Оформите подписку',
      'Підтримайте нашу редакцію',
      '유료회원 전용 기사입니다',
      '有料会員限定',
      '会员专享',
    ],
    keep: ['Subscribers to the service paid more this year.'],
  },
};

const app: Rule = {
  id: 'cta.app',
  why: "Prompts to install the outlet's app.",
  match: 'start',
  maxWords: 25,
  phrases: {
    en: [
      '(download|get|install|try) (our|the)( [^ ]+){0,3} app',
      'read (it|this|more) (in|on) (the|our) app',
      '([^ ]+ ){1,3}would like to send you( push)? notifications',
    ],
    de: [
      '(laden sie|holen sie sich|jetzt) (unsere|die)( [^ ]+){0,2} app',
      'app (herunterladen|installieren)',
      '([^ ]+ ){1,3}möchte (dir|ihnen)( push)? (benachrichtigungen|mitteilungen) senden',
    ],
    fr: ['téléchargez (notre |l)(application|appli)'],
    es: ['(descarga|descargue|instala) (nuestra|la)( [^ ]+){0,2} (app|aplicación)'],
    ru: ['(скачайте|установите) (наше )?приложение'],
    uk: ['(завантажте|встановіть) (наш |наш )?(застосунок|додаток)'],
    ko: ['앱 ?(다운로드|설치)'],
    ja: ['アプリ(をダウンロード|で読む)'],
    zh: ['下载(客户端|app|应用)', '下載(客戶端|app|應用)'],
  },
  examples: {
    cruft: [
      'Download our free app',
      'Example News Would Like To Send You Push Notifications.',
      'Laden Sie unsere App herunter',
      "Téléchargez l'application",
      'Descarga nuestra app',
      'Скачайте приложение',
      'Завантажте наш застосунок',
      '앱 다운로드',
      'アプリで読む',
      '下载客户端',
    ],
    keep: ['Download speeds rose sharply after the upgrade.'],
  },
};

const appPrompt: Rule = {
  id: 'cta.app',
  why: 'An app prompt written as a sentence ("For breaking news, download our app for iOS and Android").',
  match: 'contains',
  maxWords: 30,
  phrases: {
    en: ['download (the|our)( [^ ]+){0,3} apps?', 'apps? for (ios|iphone) and android'],
    de: ['(lade|laden sie)( dir| sich)? (unsere|die)( [^ ]+){0,2} app', 'app für (ios|iphone) und android'],
    fr: ['téléchargez (notre|l)( [^ ]+){0,2} (application|appli)', 'application (pour|sur) (ios|iphone) et android'],
    es: ['(descarga|descargue) (nuestra|la)( [^ ]+){0,2} (app|aplicación)', '(app|aplicación) para (ios|iphone) y android'],
  },
  examples: {
    cruft: ['Read us on the go: download the Harbour Gazette app for iOS and Android.', 'Lade dir unsere kostenlose App herunter!'],
    keep: ['Downloads of the ride-hailing app fell after the company raised prices, analysts said on Monday.'],
  },
};

const letters: Rule = {
  id: 'cta.contact',
  why: 'Invitations to write a letter to the editor or to tell the site what the reader thinks.',
  match: 'start',
  maxWords: 35,
  phrases: {
    en: ['(submit|send|write) (us )?(your |a )?letters? to the editor', 'we want to hear (what you think|from you)'],
    de: ['(schreiben sie|schicken sie) (uns )?(einen |ihren )?leserbrief', '(bitte )?teilen sie uns ihre (meinung|erfahrungen)'],
    fr: ['(écrivez|envoyez) (nous )?(votre |un )?courrier des lecteurs'],
    es: ['(envíe|envía|escriba|escribe) (su |tu |una )?carta al director'],
  },
  examples: {
    cruft: [
      'We want to hear what you think about this article. Write to the editors.',
      'Submit your letter to the editor using this form.',
      'Schreiben Sie uns einen Leserbrief!',
    ],
    keep: ['What do you think the council should do about the bridge, the mayor asked residents at a meeting that ran late into the night?'],
  },
};

const contact: Rule = {
  id: 'cta.contact',
  why: 'The site\'s own contact prompts ("Get in touch", "Send us a tip").',
  match: 'whole',
  phrases: {
    en: ['get in touch', 'contact( us| the author| the editor)?', 'write to us', '(send|submit) (us )?a (tip|story)', 'have a (story|tip)', 'tip us'],
    de: ['kontakt', 'kontaktieren sie uns', 'schreiben sie uns', 'hinweis geben'],
    fr: ['(nous )?contacter', 'contactez nous', 'écrivez nous'],
    es: ['contacto', 'contáctenos', 'contáctanos', 'escríbenos'],
    ru: ['контакты', 'связаться с (нами|редакцией)', 'напишите нам'],
    uk: ['контакти', 'звязатися з (нами|редакцією)', 'напишіть нам'],
    ko: ['문의(하기)?', '연락처', '제보(하기)?'],
    ja: ['お問い合わせ', '問い合わせ'],
    zh: ['联系我们', '聯絡我們', '聯繫我們'],
  },
  examples: {
    cruft: ['Get in touch', 'Contact us', 'Kontakt', 'Contactez-nous', 'Contacto', 'Связаться с нами', 'Напишіть нам', '문의하기', 'お問い合わせ', '联系我们'],
    keep: ['Get in touch with your representative, the campaign urged.'],
  },
};

export const CALL_TO_ACTION_RULES: readonly Rule[] = [newsletter, newsletterLabel, newsletterPrompt, subscribe, app, appPrompt, letters, contact];

import type { Localized } from '../../runtime/model/localized';

type Tree = { [key: string]: Localized | Tree };

/** Strings of the editor's chat preview panel (`preview.*`). */
export const PREVIEW_MESSAGES = {
  open: { ja: 'プレビュー', en: 'Preview' },
  openHint: {
    ja: '下書きのボットと会話して、通った道をキャンバスに表示します',
    en: 'Chat with the draft bot and see the path it takes on the canvas',
  },
  title: { ja: 'プレビュー', en: 'Preview' },
  draftNote: {
    ja: '下書きのボットと会話しています。公開・有効化はされず、実際の会話にも数えません。',
    en: 'You are chatting with the draft bot. Nothing is published or activated, and it does not count as a live chat.',
  },
  sideEffects: {
    ja: 'CRM・ヘルプデスクなど外部に登録するノードは、テスト実行と同じく実際に登録します。',
    en: 'Nodes that write to the CRM, the help desk and other places really write, as in a test run.',
  },
  log: { ja: 'プレビューの会話', en: 'Preview conversation' },
  input: { ja: 'メッセージを入力', en: 'Type a message' },
  send: { ja: '送信', en: 'Send' },
  restart: { ja: '最初から', en: 'Restart' },
  choices: { ja: '選択肢', en: 'Choices' },
  starting: { ja: '下書きを保存してボットを開始しています…', en: 'Saving the draft and starting the bot…' },
  working: { ja: 'ボットが処理しています…', en: 'The bot is working…' },
  firstMessage: {
    ja: 'このボットは訪問者の最初のメッセージで始まります。メッセージを送ってください。',
    en: 'This bot starts on the visitor’s first message. Send one.',
  },
  ended: {
    ja: '会話は終わりました。「最初から」でもう一度試せます。',
    en: 'The conversation has ended. Press “Restart” to try again.',
  },
  forwarded: {
    ja: '実際のチャットなら、ここで部署「{{department}}」の {{agent}} さんに引き継がれ、受信箱に届きます。プレビューなので誰にも通知していません。',
    en: 'In a live chat, the conversation would now go to {{agent}} of the “{{department}}” department, in the inbox. This is a preview: nobody was notified.',
  },
  noOperator: {
    ja: '実際のチャットなら、部署「{{department}}」にいま対応できる担当者がいないため「対応できる担当者がいない」の分岐へ進みます。プレビューなので誰にも通知していません。',
    en: 'In a live chat, nobody of the “{{department}}” department is available right now, so the bot goes on along “No operator available”. This is a preview: nobody was notified.',
  },
  sender: {
    visitor: { ja: 'あなた（訪問者として）', en: 'You (as the visitor)' },
    bot: { ja: 'ボット', en: 'Bot' },
    agent: { ja: '担当者', en: 'Agent' },
    system: { ja: 'システム', en: 'System' },
  },
} satisfies Tree;
